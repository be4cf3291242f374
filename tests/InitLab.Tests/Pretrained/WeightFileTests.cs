using System.Runtime.InteropServices;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Pretrained;
using Xunit;

namespace InitLab.Tests.Pretrained;

/// <summary>The layouts <c>--init-from</c> reads: a sharded directory, a .npy directory, and what each refuses.</summary>
public sealed class WeightFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("weightfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static SafeTensor F32(string name, params float[] values) => new(name, DType.Float32, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    [Fact]
    public void ShardedDirectory_ReadsEveryShardTheIndexNames()
    {
        SafeTensors.Write(Path.Combine(_dir, "model-00001-of-00002.safetensors"), [F32("a", 1, 2)]);
        SafeTensors.Write(Path.Combine(_dir, "model-00002-of-00002.safetensors"), [F32("b", 3)]);
        File.WriteAllText(Path.Combine(_dir, WeightFile.ShardIndex),
            "{\"metadata\":{},\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        var tensors = WeightFile.Read(_dir).ToDictionary(t => t.Name);
        Assert.Equal([1f, 2f], tensors["a"].Values);
        Assert.Equal([3f], tensors["b"].Values);
    }

    [Fact]
    public void ShardIndex_NamingATensorItsShardLacks_IsAnError()
    {
        SafeTensors.Write(Path.Combine(_dir, "s1.safetensors"), [F32("a", 1)]);
        File.WriteAllText(Path.Combine(_dir, WeightFile.ShardIndex), "{\"weight_map\":{\"a\":\"s1.safetensors\",\"c\":\"s1.safetensors\"}}");
        var e = Assert.Throws<InvalidDataException>(() => WeightFile.Read(_dir));
        Assert.Contains("'c'", e.Message);
    }

    [Fact]
    public void NpyDirectory_NamesTensorsByFileStem_AndWidensFloat64()
    {
        Npy.Write(Path.Combine(_dir, "layers.0.weight.npy"), new double[] { 0.5, -1.25 }, [1, 2], DType.Float64);
        var t = Assert.Single(WeightFile.Read(_dir));
        Assert.Equal("layers.0.weight", t.Name);
        Assert.Equal([1, 2], t.Shape);
        Assert.Equal([0.5f, -1.25f], t.Values);
        Assert.Equal(DType.Float64, t.SourceType);
    }

    [Fact]
    public void NaNInATensor_IsNamedWithItsIndex()
    {
        SafeTensors.Write(Path.Combine(_dir, "w.safetensors"), [F32("layers.0.bias", 1, float.NaN)]);
        var e = Assert.Throws<InvalidDataException>(() => WeightFile.Read(Path.Combine(_dir, "w.safetensors")));
        Assert.Contains("'layers.0.bias' has NaN at index [1]", e.Message);
    }

    [Fact]
    public void DirectoryWithoutWeights_IsAnErrorNamingIt()
    {
        var e = Assert.Throws<InvalidDataException>(() => WeightFile.Read(_dir));
        Assert.Contains(_dir, e.Message);
        Assert.Contains("holds no weights", e.Message);
    }
}
