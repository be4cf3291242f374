using System.Globalization;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Xunit;
using InitLab.Init;
using InitLab.IO;
using InitLab.Models.Spec;
using InitLab.Numerics;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Fuzz;

/// <summary>FsCheck round trips of the readers and parsers the fuzzers attack: what InitLab writes or prints, it reads back exactly.</summary>
/// <remarks>Fixed replay seeds, so a run is the same 300 cases every time (never flaky); change the seed to explore others.</remarks>
public sealed class RoundTripProperties : IDisposable
{
    const string Seed = "(20261207,1234567891)";

    readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    static int[] ShapeOf(byte[] dims) => [.. dims.Take(4).Select(d => d % 6)];

    static float[] Values(int count, int salt)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (i + salt) % 17 == 0 ? float.NaN : (i + salt) % 13 == 0 ? float.NegativeInfinity : (float)Math.Sin(i * 0.7 + salt) * 1e3f;
        return values;
    }

    [Property(MaxTest = 300, Replay = Seed)]
    public void Npy_WriteThenRead_GivesTheSameDescrShapeAndBytes(byte[] dims, int salt)
    {
        int[] shape = ShapeOf(dims ?? []);
        var data = Values(shape.Aggregate(1, (a, d) => a * d), salt);
        string path = directory.File($"{Guid.NewGuid():N}.npy");
        Npy.Write<float>(path, data, shape, DType.Float32);
        var (descr, readShape, bytes) = Npy.Read(path);
        Assert.Equal("<f4", descr);
        Assert.Equal(shape, readShape);
        Assert.Equal(MemoryMarshal.AsBytes(data.AsSpan()).ToArray(), bytes);
    }

    [Property(MaxTest = 300, Replay = Seed)]
    public void SafeTensors_WriteThenRead_GivesTheSameTensorsAndMetadata(byte[][] shapes, NonNull<string>[] metadataValues)
    {
        var tensors = (shapes ?? []).Take(5).Select((dims, i) =>
        {
            int[] shape = ShapeOf(dims ?? []);
            var dtype = (DType)(i % 4) is var d && Enum.IsDefined(d) ? d : DType.Float32;
            int count = shape.Aggregate(1, (a, x) => a * x);
            var bytes = new byte[count * dtype.Size()];
            new System.Random(i).NextBytes(bytes);
            return new SafeTensor($"layers.{i}.weight", dtype, shape, bytes);
        }).ToList();
        var metadata = (metadataValues ?? []).Take(4).Select((v, i) => (Key: $"key{i}", Value: v.Get)).ToDictionary(p => p.Key, p => p.Value);
        string path = directory.File($"{Guid.NewGuid():N}.safetensors");
        SafeTensors.Write(path, tensors, metadata);
        var (readMetadata, readTensors) = SafeTensors.Read(path);
        Assert.Equal(metadata.Count == 0 ? [] : metadata.OrderBy(p => p.Key), readMetadata.OrderBy(p => p.Key));
        Assert.Equal(tensors.Count, readTensors.Count);
        for (int i = 0; i < tensors.Count; i++)
        {
            Assert.Equal(tensors[i].Name, readTensors[i].Name);
            Assert.Equal(tensors[i].DType, readTensors[i].DType);
            Assert.Equal(tensors[i].Shape, readTensors[i].Shape);
            Assert.Equal(tensors[i].Data, readTensors[i].Data);
        }
    }

    [Property(MaxTest = 300, Replay = Seed)]
    public void MlpSpec_PrintThenParse_IsTheSameSpec(PositiveInt[] hidden, bool residual)
    {
        var widths = (hidden ?? []).Take(6).Select(w => 1 + w.Get % 4096).ToArray();
        string text = residual && widths.Length > 0
            ? $"resmlp:784-{widths[0]}x{1 + widths.Length}-10"
            : "mlp:784-" + string.Concat(widths.Select(w => $"{w}-")) + "10";
        var spec = ModelSpec.Parse(text);
        Assert.Equal(text, spec.ToString());
        Assert.Equal(spec.ToString(), ModelSpec.Parse(spec.ToString()).ToString());
    }

    [Property(MaxTest = 300, Replay = Seed)]
    public void SchemeText_ParsesTheArgumentsItIsGiven(byte which, NormalFloat gain, NormalFloat std, bool keras)
    {
        var info = SchemeRegistry.All[which % SchemeRegistry.All.Count];
        var pairs = new List<string>();
        double g = Math.Abs(gain.Get) + 0.1, s = Math.Abs(std.Get) + 0.01;
        if (info.Parameters.Contains("gain"))
            pairs.Add("gain=" + g.ToString("R", CultureInfo.InvariantCulture));
        if (info.Parameters.Contains("std"))
            pairs.Add("std=" + s.ToString("R", CultureInfo.InvariantCulture));
        if (keras)
            pairs.Add("flavor=keras");
        string text = pairs.Count == 0 ? info.Name : $"{info.Name}:{string.Join(",", pairs)}";
        var parsed = SchemeText.Parse(text, "--init");
        Assert.Equal(info.Name, SchemeRegistry.Find(parsed.Name).Name);
        Assert.Equal(keras ? Flavor.Keras : Flavor.PyTorch, parsed.Flavor);
        Assert.Equal(info.Parameters.Contains("gain") ? g : null, parsed.Arguments.Gain);
        Assert.Equal(info.Parameters.Contains("std") ? s : null, parsed.Arguments.Std);
        Assert.Equal(pairs.Select(p => p.Split('=')[0]), parsed.Keys);
    }
}
