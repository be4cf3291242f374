using BenchmarkDotNet.Attributes;
using System.Numerics.Tensors;
using InitLab.Training;

namespace InitLab.Bench;

/// <summary>The per-step pass over the gradients: the non-finite check alone (before issue 12) vs the float64 global norm that now doubles as it.</summary>
/// <remarks>Run: dotnet run -c Release --project bench/InitLab.Bench -- --filter '*GradientCheckBenchmarks*'. The sizes are the
/// parameter tensors of the default <c>bench train</c> model, mlp:784-256-128-100-10 (247,766 values).</remarks>
[ShortRunJob]
[MinColumn]
public class GradientCheckBenchmarks
{
    static readonly int[] Sizes = [256 * 784, 256, 128 * 256, 128, 100 * 128, 100, 10 * 100, 10];
    float[][] _gradients = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new System.Random(0);
        _gradients = [.. Sizes.Select(n => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5) * 1e-2f).ToArray())];
    }

    /// <summary>One max-magnitude pass per tensor: what every step did before.</summary>
    [Benchmark(Baseline = true)]
    public bool FiniteCheck()
    {
        bool finite = true;
        foreach (var g in _gradients)
            finite &= float.IsFinite(TensorPrimitives.MaxMagnitude(g));
        return finite;
    }

    /// <summary>One float64 sum-of-squares pass per tensor: the global norm, finite exactly when every element is.</summary>
    [Benchmark]
    public double GlobalNorm()
    {
        double sum = 0;
        foreach (var g in _gradients)
            sum += GradientClipping.SumOfSquares(g);
        return Math.Sqrt(sum);
    }
}
