using BenchmarkDotNet.Attributes;
using InitLab.Random;

namespace InitLab.Bench;

/// <summary>Single-thread cost of each stage of a fill: raw Philox words, then each distribution's transform.</summary>
/// <remarks>Run: dotnet run -c Release --project bench/InitLab.Bench -- --filter '*FillBenchmarks*'</remarks>
[ShortRunJob]
[MinColumn]
public class FillBenchmarks
{
    const int Count = 1 << 20;
    readonly float[] _values = new float[Count];
    readonly uint[] _words = new uint[Count];
    readonly RandomStream _stream = new(0, "bench");

    [Benchmark(Baseline = true)]
    public void PhiloxWords() => Philox4x32.GenerateGroups(_stream, 0, Count / Philox4x32.WordsPerGroup, _words);

    [Benchmark]
    public void Constant() => Fill.Constant<float>(_values, 0.5, threads: 1);

    [Benchmark]
    public void Uniform() => Fill.Uniform<float>(_values, _stream, 0, 1, threads: 1);

    [Benchmark]
    public void Normal() => Fill.Normal<float>(_values, _stream, 0, 1, threads: 1);

    [Benchmark]
    public void TruncatedNormalTwoSigma() => Fill.TruncatedNormal<float>(_values, _stream, 0, 1, -2, 2, threads: 1);

    [Benchmark]
    public void TruncatedNormalFarTail() => Fill.TruncatedNormal<float>(_values, _stream, 0, 1, 3, 6, threads: 1);
}
