using BenchmarkDotNet.Attributes;
using InitLab.Compute;

namespace InitLab.Bench;

/// <summary>Single-thread Conv2d and pooling for the Fashion-MNIST CNN's layers at batch 128, one pass at a time.</summary>
/// <remarks>Run: dotnet run -c Release --project bench/InitLab.Bench -- --filter '*ConvBenchmarks*'</remarks>
[ShortRunJob]
[MinColumn]
public class ConvBenchmarks
{
    Conv2dGeometry _g = new(1, 1, 3, 3, 1, 3, 3);
    Pool2dGeometry _pool = new(1, 1, 2, 2, 2, 2);
    float[] _x = [], _w = [], _y = [], _dy = [], _dx = [], _dw = [], _db = [], _pooled = [];
    int[] _indices = [];

    /// <summary>conv1: 1→32 on 28×28; conv2: 32→64 on 14×14; both 3×3, padding 1.</summary>
    [Params("conv1", "conv2")]
    public string Layer { get; set; } = "conv1";

    [GlobalSetup]
    public void Setup()
    {
        _g = Layer == "conv1" ? new Conv2dGeometry(128, 1, 28, 28, 32, 3, 3, padding: 1) : new Conv2dGeometry(128, 32, 14, 14, 64, 3, 3, padding: 1);
        _pool = new Pool2dGeometry(_g.Batch, _g.OutChannels, _g.OutHeight, _g.OutWidth, 2, 2);
        var rng = new System.Random(0);
        float[] R(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f)];
        (_x, _w, _dy) = (R(_g.InputLength), R(_g.WeightLength), R(_g.OutputLength));
        (_y, _dx, _dw, _db) = (new float[_g.OutputLength], new float[_g.InputLength], new float[_g.WeightLength], new float[_g.OutChannels]);
        (_pooled, _indices) = (new float[_pool.OutputLength], new int[_pool.OutputLength]);
    }

    [Benchmark(Baseline = true)]
    public void Forward() => Conv2d.Forward(_g, _x, _w, _db, _y, threads: 1);

    [Benchmark]
    public void InputGradient() => Conv2d.Backward(_g, _x, _w, _dy, _dx, [], [], threads: 1);

    [Benchmark]
    public void WeightAndBiasGradient() => Conv2d.Backward(_g, _x, _w, _dy, [], _dw, _db, threads: 1);

    [Benchmark]
    public void MaxPoolForwardBackward()
    {
        Pool2d.MaxForward(_pool, _dy, _pooled, _indices, threads: 1);
        Pool2d.MaxBackward(_pool, _pooled, _indices, _y, threads: 1);
    }
}
