using System.Buffers.Binary;
using System.IO.Compression;
using InitLab.Data;
using InitLab.Tests.Support;

namespace InitLab.Tests.Data;

public class IdxFileTests
{
    static readonly byte[] ValidHeader = [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4];

    /// <summary>A 2×3×4 ubyte file: the header above and 24 data bytes.</summary>
    static byte[] ValidFile() => [.. ValidHeader, .. Enumerable.Range(0, 24).Select(i => (byte)(i * 7))];

    /// <summary>A gzip member: .NET writes nothing at all for empty input, so that case is spelled out (empty deflate block, CRC 0, size 0).</summary>
    static byte[] Gzip(byte[] data)
    {
        if (data.Length == 0)
            return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }

    public static TheoryData<IdxDataType, bool> TypesAndCompression()
    {
        var data = new TheoryData<IdxDataType, bool>();
        foreach (var type in Enum.GetValues<IdxDataType>())
        {
            data.Add(type, false);
            data.Add(type, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndCompression))]
    public void WriteThenRead_RoundTripsTypeShapeAndBytes(IdxDataType type, bool gzip)
    {
        using var dir = new TempDirectory();
        int size = type switch { IdxDataType.Int16 => 2, IdxDataType.Int32 or IdxDataType.Single => 4, IdxDataType.Double => 8, _ => 1 };
        int[] shape = [3, 5, 2];
        var bytes = Enumerable.Range(0, 30 * size).Select(i => (byte)(i * 31 + 7)).ToArray();
        string path = dir.File(gzip ? "a.idx.gz" : "a.idx");
        IdxFile.Write(path, new IdxArray(type, shape, bytes), gzip);

        var read = IdxFile.Read(path);

        Assert.Equal(type, read.Type);
        Assert.Equal(shape, read.Shape.ToArray());
        Assert.Equal(bytes, read.Data.ToArray());
        Assert.Equal(path, read.Source);
        Assert.Equal(gzip, File.ReadAllBytes(path)[0] == 0x1F);
    }

    [Fact]
    public void Write_RawFile_HasTheExactIdxLayout()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x");
        IdxFile.Write(path, IdxArray.FromInt32([2], [1, -2]), gzip: false);
        Assert.Equal(new byte[] { 0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFE }, File.ReadAllBytes(path));
    }

    [Fact]
    public void Read_DetectsGzipByMagicBytes_NotByName()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("plain.gz"), ValidFile());
        File.WriteAllBytes(dir.File("compressed-without-suffix"), Gzip(ValidFile()));
        Assert.Equal(ValidFile()[16..], IdxFile.Read(dir.File("plain.gz")).Data.ToArray());
        Assert.Equal(ValidFile()[16..], IdxFile.Read(dir.File("compressed-without-suffix")).Data.ToArray());
    }

    [Fact]
    public void Read_AcceptsZeroSizedDimensions()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("empty"), [0, 0, 0x08, 2, 0, 0, 0, 0, 0, 0, 0, 9]);
        var read = IdxFile.Read(dir.File("empty"));
        Assert.Equal(new[] { 0, 9 }, read.Shape.ToArray());
        Assert.Equal(0, read.Count);
    }

    [Fact]
    public void ToInt32_WidensEveryIntegerType_AndRejectsFloats()
    {
        Assert.Equal(new[] { 255, 1 }, new IdxArray(IdxDataType.UnsignedByte, [2], [255, 1]).ToInt32());
        Assert.Equal(new[] { -1, 1 }, new IdxArray(IdxDataType.SignedByte, [2], [255, 1]).ToInt32());
        Assert.Equal(new[] { -2, 258 }, new IdxArray(IdxDataType.Int16, [2], [0xFF, 0xFE, 1, 2]).ToInt32());
        Assert.Equal(new[] { 16909060 }, new IdxArray(IdxDataType.Int32, [1], [1, 2, 3, 4]).ToInt32());
        var floats = new IdxArray(IdxDataType.Single, [1], [0x3F, 0x80, 0, 0], "f.idx");
        Assert.Equal("f.idx: holds float32 elements; integers (ubyte, sbyte, int16 or int32) were expected.",
            Assert.Throws<InvalidDataException>(floats.ToInt32).Message);
    }

    [Fact]
    public void Constructor_RejectsByteCountThatDoesNotMatchTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => new IdxArray(IdxDataType.Int16, [2, 3], new byte[11]));
        Assert.StartsWith("11 data bytes do not match shape 2×3 of int16, which needs 12.", e.Message);
    }

    static byte[] WithSizes(byte type, params uint[] sizes)
    {
        var bytes = new byte[4 + 4 * sizes.Length];
        bytes[2] = type;
        bytes[3] = (byte)sizes.Length;
        for (int i = 0; i < sizes.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), sizes[i]);
        return bytes;
    }

    /// <summary>Each corrupt file and the exact problem the reader must report after the file name.</summary>
    public static TheoryData<string, byte[], string> CorruptFiles() => new()
    {
        { "empty", [], "the file is empty; an IDX file starts with the 4-byte magic number 00 00 TYPE NDIM." },
        { "short magic", [0, 0, 8], "truncated header: the file holds 3 bytes, but the magic number alone needs 4." },
        { "bad magic", [0x12, 0x34, 0x08, 0x03, 0, 0, 0, 0],
            "bad magic number 0x12340803: an IDX file starts with two zero bytes, then a type code and a dimension count (and it is not gzip, which starts with 1F 8B)." },
        { "wrong dtype code", [0, 0, 0x0A, 1, 0, 0, 0, 1, 5],
            "unknown data type code 0x0A in magic number 0x00000A01; IDX allows 0x08 (ubyte), 0x09 (sbyte), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64)." },
        { "zero dimensions", [0, 0, 0x08, 0], "magic number 0x00000800 declares 0 dimensions; an IDX array needs at least 1." },
        { "truncated sizes", [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0],
            "truncated header: the magic number declares 3 dimensions, which need 12 size bytes, but the file holds only 6 after it." },
        { "negative size", WithSizes(0x08, 2, 0x80000000), "dimension 2 of 2 is 2147483648, larger than 2³¹ − 1." },
        { "too large", WithSizes(0x0E, 60000, 60000, 60000),
            $"the header declares 60000×60000×60000 float64 elements, more data than one array can hold (at most {Array.MaxLength} bytes)." },
        { "truncated data", ValidFile()[..^5],
            "truncated: the header declares 2×3×4 ubyte elements = 24 data bytes, but the file holds only 19." },
        { "wrong dims", [.. ValidHeader[..^1], 5, .. ValidFile()[16..]],
            "truncated: the header declares 2×3×5 ubyte elements = 30 data bytes, but the file holds only 24." },
        { "trailing bytes", [.. ValidFile(), 1, 2, 3],
            "3 unexpected bytes follow the 24 data bytes that the header declares (2×3×4 ubyte)." },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Read_CorruptRawFile_NamesTheFileAndTheProblem(string name, byte[] content, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.File(name);
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Equal($"{path}: {problem}", e.Message);
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Read_CorruptGzipContent_NamesTheFileAndTheProblem(string name, byte[] content, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.File(name + ".gz");
        File.WriteAllBytes(path, Gzip(content));
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        string expected = name == "bad magic"
            ? "bad magic number 0x12340803 in the decompressed data: an IDX file starts with two zero bytes, then a type code and a dimension count."
            : problem.Replace("the file", "the decompressed data");
        Assert.Equal($"{path}: {expected}", e.Message);
    }

    [Fact]
    public void Read_GzipGarbage_ReportsCorruptGzipData()
    {
        using var dir = new TempDirectory();
        string path = dir.File("garbage.gz");
        var bytes = Gzip(ValidFile());
        for (int i = 10; i < bytes.Length - 8; i++)
            bytes[i] ^= 0xA5;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.StartsWith($"{path}: corrupt gzip data: ", e.Message);
    }

    [Fact]
    public void Read_TruncatedGzipStream_ReportsTheMissingBytes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.gz");
        var data = new byte[16 + 4000];
        ValidHeader.CopyTo(data, 0);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(12), 4000 / 6);
        new System.Random(1).NextBytes(data.AsSpan(16));
        data = data[..(16 + 2 * 3 * (4000 / 6))];
        File.WriteAllBytes(path, Gzip(data)[..2000]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}: truncated: the header declares 2×3×666 ubyte elements = 3996 data bytes, but the decompressed data holds only [0-9]+\\.$", e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => IdxFile.Read(dir.File("nothing")));
    }
}
