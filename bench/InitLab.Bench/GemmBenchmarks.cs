using BenchmarkDotNet.Attributes;
using InitLab.Compute;

namespace InitLab.Bench;

/// <summary>Single-thread SGEMM per micro-kernel, on a square size and on the MLP training shapes.</summary>
/// <remarks>Run: dotnet run -c Release --project bench/InitLab.Bench -- --filter '*GemmBenchmarks*'</remarks>
[ShortRunJob]
[MinColumn]
public class GemmBenchmarks
{
    float[] _a = [], _b = [], _c = [];
    int M, K, N;

    /// <summary>m×k×n.</summary>
    [Params("512x512x512", "128x784x256", "128x256x128")]
    public string Shape { get; set; } = "512x512x512";

    [GlobalSetup]
    public void Setup()
    {
        // Parsed once here, not in the timed calls.
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        (M, K, N) = (dims[0], dims[1], dims[2]);
        var rng = new System.Random(0);
        _a = [.. Enumerable.Range(0, M * K).Select(_ => (float)rng.NextDouble())];
        _b = [.. Enumerable.Range(0, K * N).Select(_ => (float)rng.NextDouble())];
        _c = new float[M * N];
    }

    [Benchmark(Baseline = true)]
    public void Auto() => Gemm.Multiply(_a, _b, _c, M, N, K, threads: 1);

    [Benchmark]
    public void Avx2() => Gemm.Sgemm(Transpose.No, Transpose.No, M, N, K, 1f, _a, K, _b, N, 0f, _c, N, 1, GemmKernelKind.Avx2);

    [Benchmark]
    public void TransposedA() => Gemm.Sgemm(Transpose.Yes, Transpose.No, M, N, K, 1f, _a, M, _b, N, 0f, _c, N, 1, GemmKernelKind.Auto);

    [Benchmark]
    public void TransposedB() => Gemm.Sgemm(Transpose.No, Transpose.Yes, M, N, K, 1f, _a, K, _b, K, 0f, _c, N, 1, GemmKernelKind.Auto);
}
