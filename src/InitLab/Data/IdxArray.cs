using System.Buffers.Binary;

namespace InitLab.Data;

/// <summary>The content of one IDX file: element type, shape and the elements as stored (big-endian).</summary>
public sealed class IdxArray
{
    readonly int[] shape;
    readonly byte[] data;

    /// <summary>Wraps elements already in IDX byte order (big-endian, row-major).</summary>
    /// <param name="type">The element type.</param>
    /// <param name="shape">The dimension sizes, outermost first; at least one, each ≥ 0.</param>
    /// <param name="data">Exactly product(shape) × element size bytes; kept, not copied.</param>
    /// <param name="source">Where the array came from, used in error messages (a file name or <c>embedded:FILE</c>).</param>
    /// <exception cref="ArgumentException">The shape is empty or has a negative size, or the byte count does not match it.</exception>
    public IdxArray(IdxDataType type, ReadOnlySpan<int> shape, byte[] data, string source = "")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(source);
        int size = IdxDataTypes.Size(type);
        if (shape.Length is 0 or > byte.MaxValue)
            throw new ArgumentException($"shape has {shape.Length} dimensions; IDX allows 1 to 255.", nameof(shape));
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"shape [{string.Join(", ", shape.ToArray())}] has a negative size; sizes must be ≥ 0.", nameof(shape));
            count *= d;
        }
        if (data.LongLength != count * size)
            throw new ArgumentException($"{data.LongLength} data bytes do not match shape {FormatShape(shape)} of {IdxDataTypes.Name(type)}, which needs {count * size}.", nameof(data));
        Type = type;
        this.shape = shape.ToArray();
        this.data = data;
        Count = count;
        Source = source;
    }

    /// <summary>The element type.</summary>
    public IdxDataType Type { get; }

    /// <summary>The dimension sizes, outermost first.</summary>
    public ReadOnlySpan<int> Shape => shape;

    /// <summary>The number of elements: the product of <see cref="Shape"/>.</summary>
    public long Count { get; }

    /// <summary>The elements as stored in the file: big-endian, row-major.</summary>
    public ReadOnlySpan<byte> Data => data;

    /// <summary>Where the array came from (file name), for error messages.</summary>
    public string Source { get; }

    /// <summary>An unsigned-byte array (images, labels).</summary>
    public static IdxArray FromBytes(ReadOnlySpan<int> shape, ReadOnlySpan<byte> values, string source = "") =>
        new(IdxDataType.UnsignedByte, shape, values.ToArray(), source);

    /// <summary>An int32 array, stored big-endian.</summary>
    public static IdxArray FromInt32(ReadOnlySpan<int> shape, ReadOnlySpan<int> values, string source = "")
    {
        var bytes = new byte[values.Length * sizeof(int)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        return new IdxArray(IdxDataType.Int32, shape, bytes, source);
    }

    /// <summary>The elements of an integer array (ubyte, sbyte, int16 or int32) as int32 values.</summary>
    /// <exception cref="InvalidDataException">The elements are floating-point.</exception>
    public int[] ToInt32()
    {
        if (Type is IdxDataType.Single or IdxDataType.Double)
            throw new InvalidDataException($"{Source}: holds {IdxDataTypes.Name(Type)} elements; integers (ubyte, sbyte, int16 or int32) were expected.");
        var result = new int[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Type switch
            {
                IdxDataType.UnsignedByte => data[i],
                IdxDataType.SignedByte => (sbyte)data[i],
                IdxDataType.Int16 => BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(2 * i)),
                _ => BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 * i)),
            };
        }
        return result;
    }

    /// <summary>The shape as <c>60000×28×28</c>.</summary>
    public static string FormatShape(ReadOnlySpan<int> shape) => string.Join("×", shape.ToArray());
}
