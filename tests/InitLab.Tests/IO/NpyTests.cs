using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Random;
using InitLab.Tests.Support;

namespace InitLab.Tests.IO;

public sealed class NpyTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(new[] { 3, 4 }, "(3, 4)")]
    [InlineData(new[] { 7 }, "(7,)")]
    [InlineData(new[] { 2, 3, 5, 5 }, "(2, 3, 5, 5)")]
    public void Header_IsFormat10_PaddedTo64_WithNumPyShapeSyntax(int[] shape, string shapeText)
    {
        byte[] header = Npy.Header("<f4", shape);
        Assert.Equal(0, header.Length % 64);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, header[..8]);
        Assert.Equal(header.Length - 10, BitConverter.ToUInt16(header, 8));
        string dict = Encoding.ASCII.GetString(header, 10, header.Length - 10);
        Assert.Equal($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shapeText}, }}", dict.TrimEnd());
        Assert.EndsWith("\n", dict);
    }

    [Fact]
    public void Write_ThenRead_RoundTripsEveryDType()
    {
        var stream = new RandomStream(1, "w");
        RoundTrip<float>(DType.Float32, "<f4", stream);
        RoundTrip<double>(DType.Float64, "<f8", stream);
        RoundTrip<Half>(DType.Float16, "<f2", stream);
        RoundTrip<BFloat16>(DType.BFloat16, "<u2", stream);
    }

    void RoundTrip<T>(DType dtype, string descr, RandomStream stream) where T : unmanaged
    {
        var data = new T[6 * 5];
        Fill.Normal<T>(data, stream, 0, 1);
        string path = _temp.File($"{dtype}.npy");
        Npy.Write<T>(path, data, [6, 5], dtype);
        var (readDescr, shape, bytes) = Npy.Read(path);
        Assert.Equal(descr, readDescr);
        Assert.Equal([6, 5], shape);
        Assert.Equal(MemoryMarshal.AsBytes(data.AsSpan()).ToArray(), bytes);
    }

    [Fact]
    public void Write_LeavesNoTemporaryFiles_AndReplacesAnExistingFile()
    {
        string path = _temp.File("w.npy");
        Npy.Write<float>(path, new float[] { 1, 2 }, [2], DType.Float32);
        Npy.Write<float>(path, new float[] { 3, 4, 5 }, [3], DType.Float32);
        Assert.Equal(["w.npy"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
        Assert.Equal([3], Npy.Read(path).Shape);
    }

    [Fact]
    public void Write_RejectsShapeThatDoesNotMatchTheData() =>
        Assert.Throws<ArgumentException>(() => Npy.Write<float>(_temp.File("x.npy"), new float[5], [2, 3], DType.Float32));

    [Fact]
    public void CliInit_WritesTheSameValuesAsTheLibrary_ForAnyThreadCount()
    {
        string one = _temp.File("one.npy"), two = _temp.File("two.npy");
        Assert.Equal(0, CliRunner.Run("init", "truncated-normal", "--shape", "64,33", "--std", "0.5", "--seed", "9", "--name", "fc.weight", "--threads", "1", "--out", one).ExitCode);
        var json = CliRunner.Run("init", "truncated-normal", "--shape", "64,33", "--std", "0.5", "--seed", "9", "--name", "fc.weight", "--threads", "2", "--out", two, "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal("truncated-normal", JsonDocument.Parse(json.Out).RootElement.GetProperty("scheme").GetString());
        var expected = new float[64 * 33];
        Fill.TruncatedNormal<float>(expected, new RandomStream(9, "fc.weight"), 0, 0.5, -2, 2);
        Assert.Equal(MemoryMarshal.AsBytes(expected.AsSpan()).ToArray(), Npy.Read(one).Data);
        Assert.Equal(Npy.Read(one).Data, Npy.Read(two).Data);
    }

    [Fact]
    public void CliInit_Stats_PrintsSampleBesideTheory()
    {
        var result = CliRunner.Run("init", "uniform", "--shape", "100000", "--low", "-1", "--high", "3", "--stats", "--json");
        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(1.0, root.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(4 / Math.Sqrt(12), root.GetProperty("std").GetDouble(), 12);
        Assert.InRange(root.GetProperty("sample_mean").GetDouble(), 0.98, 1.02);
        Assert.InRange(root.GetProperty("min").GetDouble(), -1, -0.99);
        Assert.InRange(root.GetProperty("max").GetDouble(), 2.99, 3);
    }

    /// <summary>A version-1.0 file whose dict is <paramref name="dict"/>, followed by <paramref name="data"/> bytes.</summary>
    static byte[] Bytes(string dict, int data, byte major = 1)
    {
        byte[] text = Encoding.ASCII.GetBytes(dict);
        int preamble = major == 1 ? 10 : 12;
        var file = new byte[preamble + text.Length + data];
        byte[] magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        magic.CopyTo(file, 0);
        file[6] = major;
        if (major == 1)
            BitConverter.GetBytes((ushort)text.Length).CopyTo(file, 8);
        else
            BitConverter.GetBytes((uint)text.Length).CopyTo(file, 8);
        text.CopyTo(file, preamble);
        return file;
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 20, "needs 24 data bytes but the file has 20")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 28, "needs 24 data bytes but the file has 28")]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 4, "descr '>f4' is not supported")]
    [InlineData("{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }", 20, "descr '<U5' is not supported")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", 4, "Fortran order")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }", 4, "is not True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 0, "'-1', not a non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", 0, "not a non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }", 0, "more elements than a file can hold")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, }", 4, "is not closed by )")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", 4, "lacks 'shape'")]
    public void HeadersThatLie_AreErrorsNamingTheProblem(string dict, int data, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(Bytes(dict, data), "lying.npy"));
        Assert.Contains("'lying.npy'", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void HeaderLengthBeyondTheFile_AndUnknownVersions_AreErrors()
    {
        var file = Bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4);
        file[8] = 0xFF;
        file[9] = 0xFF;
        Assert.Contains("claims 65535 bytes", Assert.Throws<InvalidDataException>(() => Npy.Read(file, "x.npy")).Message);
        var v4 = Bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4, major: 4);
        Assert.Contains("version 4.0 is not supported", Assert.Throws<InvalidDataException>(() => Npy.Read(v4, "x.npy")).Message);
        var v2 = Bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4, major: 2);
        Assert.Equal([], Npy.Read(v2, "x.npy").Shape);
    }
}
