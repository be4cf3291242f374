using InitLab.Numerics;
using InitLab.Random;
using InitLab.Tests.Support;

namespace InitLab.Tests.Random;

/// <summary>Moments and Kolmogorov–Smirnov against the exact distributions, with fixed seeds (deterministic, never flaky).</summary>
public class FillDistributionTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "uniform", "uniform-wide", "normal", "normal-small", "trunc-effectively-untruncated", "trunc-half-sigma", "trunc-far-tail", "trunc-one-sided", "trunc-sigma2" })
            foreach (int n in new[] { 1_000, 100_000, 2_000_000 })
                data.Add(name, n);
        return data;
    }

    static Distribution Create(string name) => name switch
    {
        "uniform" => Distribution.Uniform(0, 1),
        "uniform-wide" => Distribution.Uniform(-3.5, 12),
        "normal" => Distribution.Normal(0, 1),
        "normal-small" => Distribution.Normal(0.5, 0.02),
        "trunc-effectively-untruncated" => Distribution.TruncatedNormal(0, 0.02, -2, 2),
        "trunc-half-sigma" => Distribution.TruncatedNormal(0, 1, -0.5, 0.5),
        "trunc-far-tail" => Distribution.TruncatedNormal(0, 1, 3, 6),
        "trunc-one-sided" => Distribution.TruncatedNormal(1, 2, double.NegativeInfinity, -3),
        _ => Distribution.TruncatedNormal(0, 0.1, -0.2, 0.2),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_FitsExactCdf_ByKolmogorovSmirnov(string name, int n)
    {
        var d = Create(name);
        var values = new float[n];
        d.Sample<float>(values, new RandomStream((ulong)n, name));
        KolmogorovSmirnov.AssertFits(values.Select(v => (double)v), d.Cdf, $"{name} float32");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64_FitsExactCdf_ByKolmogorovSmirnov(string name, int n)
    {
        var d = Create(name);
        var values = new double[n];
        d.Sample<double>(values, new RandomStream((ulong)n + 1, name));
        KolmogorovSmirnov.AssertFits(values, d.Cdf, $"{name} float64");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SampleMoments_MatchTheory_WithinFiveStandardErrors(string name, int n)
    {
        var d = Create(name);
        var values = new float[n];
        d.Sample<float>(values, new RandomStream(77, name));
        var stats = SampleStats.Of<float>(values);
        // The mean's standard error is σ/√n; the std's is about σ·√((κ−1)/4n) ≤ σ·√(2/n) for these shapes.
        double meanTolerance = 5 * d.Std / Math.Sqrt(n);
        double stdTolerance = 5 * d.Std * Math.Sqrt(2.0 / n);
        Assert.InRange(stats.Mean, d.Mean - meanTolerance, d.Mean + meanTolerance);
        Assert.InRange(stats.Std, d.Std - stdTolerance, d.Std + stdTolerance);
        Assert.InRange(stats.Min, d.Minimum, d.Maximum);
        Assert.InRange(stats.Max, d.Minimum, d.Maximum);
    }

    [Theory]
    [InlineData(0.0, 1.0, -0.5, 0.5)]
    [InlineData(0.0, 1.0, 3.0, 6.0)]
    [InlineData(0.0, 0.02, -2.0, 2.0)]
    [InlineData(5.0, 1e-3, 5.0, 5.0000001)]
    [InlineData(0.0, 1.0, -40.0, -37.0)]
    public void TruncatedNormal_NeverLeavesBounds_OrProducesNaN_InEveryDType(double mean, double std, double low, double high)
    {
        var stream = new RandomStream(1, "t");
        const int n = 200_000;
        var f = new float[n];
        var d = new double[n];
        Fill.TruncatedNormal<float>(f, stream, mean, std, low, high);
        Fill.TruncatedNormal<double>(d, stream, mean, std, low, high);
        Assert.All(d, x => Assert.InRange(x, low, high));
        Assert.All(f, x => Assert.InRange((double)x, low, high));
        if (low > -65000 && high < 65000 && (double)(Half)low != (double)(Half)high)
        {
            var h = new Half[n];
            Fill.TruncatedNormal<Half>(h, stream, mean, std, low, high);
            Assert.All(h, x => Assert.InRange((double)x, low, high));
        }
    }

    [Fact]
    public void Uniform_NeverReachesHigh_EvenWhenFloatRoundingWould()
    {
        // With low = 1 and high = 1 + 2⁻²², low + range·u rounds up to high for the largest u.
        var values = new float[1 << 20];
        Fill.Uniform<float>(values, new RandomStream(3, "u"), 1, 1 + 1.0 / (1 << 22));
        Assert.All(values, v => Assert.True(v >= 1f && v < 1f + 1f / (1 << 22)));
    }

    [Fact]
    public void Normal_Float32_TailMass_MatchesTheory()
    {
        // P(|z| > 4.5) = 6.795e-6, so 2²⁴ draws expect 114 beyond; allow five Poisson standard deviations.
        var values = new float[1 << 24];
        Fill.Normal<float>(values, new RandomStream(4, "tail"), 0, 1);
        double expected = (1 << 24) * 2 * NormalCdf.Lower(-4.5);
        int beyond = values.Count(v => Math.Abs(v) > 4.5);
        Assert.InRange(beyond, expected - 5 * Math.Sqrt(expected), expected + 5 * Math.Sqrt(expected));
    }

    [Fact]
    public void TruncatedNormalSigma_UsesBoundsAtKStd()
    {
        var a = new float[1000];
        var b = new float[1000];
        var s = new RandomStream(5, "w");
        Fill.TruncatedNormalSigma<float>(a, s, 1, 0.5, 2);
        Fill.TruncatedNormal<float>(b, s, 1, 0.5, 0, 2);
        Assert.Equal(b, a);
    }
}
