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
}
