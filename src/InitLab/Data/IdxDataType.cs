namespace InitLab.Data;

/// <summary>The element type of an IDX file: the third byte of its magic number.</summary>
/// <remarks>
/// LeCun, Cortes &amp; Burges, "The MNIST database" (IDX format): magic = 00 00 TYPE NDIM, then NDIM
/// big-endian uint32 sizes, then the elements in row-major order, each big-endian.
/// </remarks>
public enum IdxDataType : byte
{
    /// <summary>Unsigned 8-bit integer (0x08): MNIST images and labels.</summary>
    UnsignedByte = 0x08,

    /// <summary>Signed 8-bit integer (0x09).</summary>
    SignedByte = 0x09,

    /// <summary>Signed 16-bit integer (0x0B).</summary>
    Int16 = 0x0B,

    /// <summary>Signed 32-bit integer (0x0C).</summary>
    Int32 = 0x0C,

    /// <summary>IEEE-754 float32 (0x0D).</summary>
    Single = 0x0D,

    /// <summary>IEEE-754 float64 (0x0E).</summary>
    Double = 0x0E,
}

/// <summary>Facts about <see cref="IdxDataType"/> values: size, display name, validity.</summary>
internal static class IdxDataTypes
{
    public const string Allowed = "0x08 (ubyte), 0x09 (sbyte), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64)";

    public static bool IsDefined(byte code) => code is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E;

    public static int Size(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Single => 4,
        IdxDataType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"IDX type code 0x{(byte)type:X2} is not defined; IDX allows {Allowed}."),
    };

    public static string Name(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte => "ubyte",
        IdxDataType.SignedByte => "sbyte",
        IdxDataType.Int16 => "int16",
        IdxDataType.Int32 => "int32",
        IdxDataType.Single => "float32",
        IdxDataType.Double => "float64",
        _ => $"0x{(byte)type:X2}",
    };
}
