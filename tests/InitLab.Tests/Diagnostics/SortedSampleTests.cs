using InitLab.Diagnostics;

namespace InitLab.Tests.Diagnostics;

public class SortedSampleTests
{
    static float[] Sample(int n, int seed)
    {
        var random = new System.Random(seed);
        // Mixed signs, zeros, duplicates and a wide range of exponents exercise every radix digit and the sign mapping.
        return [.. Enumerable.Range(0, n).Select(i => i % 17 == 0 ? 0f : (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20))))];
    }

    /// <summary>NumPy's linear method on a comparison-sorted copy.</summary>
    static double Reference(float[] values, double p)
    {
        var s = values.Select(v => (double)v).OrderBy(v => v).ToArray();
        double h = (s.Length - 1) * p;
        int k = (int)Math.Floor(h);
        return k + 1 < s.Length ? s[k] + (h - k) * (s[k + 1] - s[k]) : s[k];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(10_001)]
    public void Quantiles_EqualTheLinearMethodOnASortedCopy(int n)
    {
        var values = Sample(n, n);
        var sample = new SortedSample(values);
        foreach (double p in new[] { 0, 0.01, 0.05, 0.5, 0.95, 0.99, 1 })
            Assert.Equal(Reference(values, p), sample.Quantile(p));
        Assert.Equal(values.Min(), sample.Min);
        Assert.Equal(values.Max(), sample.Max);
    }

    [Fact]
    public void Quantile_OfAnEmptySampleIsNaN_AndRejectsProbabilitiesOutsideTheUnitInterval()
    {
        Assert.True(double.IsNaN(new SortedSample([]).Quantile(0.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SortedSample([1f]).Quantile(1.5));
    }

    [Fact]
    public void Histogram_CountsEveryValueOnce_WithTheTailsApart()
    {
        float[] values = [-2, -1, -0.5f, 0, 0.25f, 0.5f, 1, 1, 3];
        var h = Histogram.Of(new SortedSample(values), 4, -1, 1);
        Assert.Equal(1, h.Below);
        Assert.Equal(1, h.Above);
        // Bins [-1, -0.5), [-0.5, 0), [0, 0.5), [0.5, 1]: the last bin is closed.
        Assert.Equal([1L, 1, 2, 3], h.Counts);
        Assert.Equal([-1, -0.5, 0, 0.5, 1], h.Edges());
    }

    [Fact]
    public void SignalStats_MatchDirectFormulas()
    {
        var values = Sample(5000, 3).Select(v => v / 1e18f).ToArray();
        var stats = SignalStats.Of(values, 10);
        double mean = values.Average(v => (double)v);
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.Equal(mean, stats.Mean, 1e-12 * Math.Abs(mean) + 1e-30);
        Assert.Equal(std, stats.Std, 1e-12 * std);
        Assert.Equal(values.Length, stats.Histogram.Counts.Sum() + stats.Histogram.Below + stats.Histogram.Above);
        Assert.Equal(Reference(values, 0.95), stats.Quantiles[3]);
    }
}
