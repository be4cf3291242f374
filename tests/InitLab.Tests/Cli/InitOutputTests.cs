using System.Runtime.InteropServices;
using InitLab.Init;
using InitLab.IO;
using InitLab.Random;

using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public sealed class InitOutputTests : IDisposable
{
    readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void SafeTensorsOutput_HoldsTheLibrarysValues_AndRecordsSchemeSeedNameVersion()
    {
        string path = directory.File("w.safetensors");
        var (code, _, error) = CliRunner.Run("init", "kaiming-normal", "--shape", "16,8,3,3", "--mode", "fan-out", "--seed", "11", "--name", "conv1.weight", "--out", path);
        Assert.True(code == 0, error);
        var (metadata, tensors) = SafeTensors.Read(path);
        Assert.Equal("he-normal", metadata["scheme"]);
        Assert.Equal(new HeNormal(mode: FanMode.FanOut), SchemeJson.Read(metadata["parameters"]));
        Assert.Equal("11", metadata["seed"]);
        Assert.Equal("conv1.weight", metadata["name"]);
        Assert.Equal(SafeTensors.LibraryVersion, metadata["initlab_version"]);
        var tensor = Assert.Single(tensors);
        Assert.Equal("conv1.weight", tensor.Name);
        Assert.Equal([16, 8, 3, 3], tensor.Shape);
        var expected = new float[16 * 8 * 9];
        new HeNormal(mode: FanMode.FanOut).Initialize<float>(expected, [16, 8, 3, 3], new InitContext(new RandomStream(11, "conv1.weight")));
        Assert.Equal(expected, MemoryMarshal.Cast<byte, float>(tensor.Data).ToArray());
    }

    [Fact]
    public void NpyOutput_HoldsTheLibrarysValues()
    {
        string path = directory.File("w.npy");
        var (code, output, _) = CliRunner.Run("init", "sparse", "--shape", "20,10", "--sparsity", "0.5", "--dtype", "float64", "--out", path);
        Assert.Equal(0, code);
        Assert.Contains("wrote", output);
        var (descr, shape, data) = Npy.Read(path);
        Assert.Equal("<f8", descr);
        Assert.Equal([20, 10], shape);
        var expected = new double[200];
        new Sparse(0.5).Initialize<double>(expected, [20, 10], new InitContext(new RandomStream(0, "weight")));
        Assert.Equal(expected, MemoryMarshal.Cast<byte, double>(data).ToArray());
    }
}
