using InitLab.Init;
using InitLab.Numerics;
using InitLab.Random;
using InitLab.Tests.Support;

namespace InitLab.Tests.Init;

/// <summary>Draws a scheme's values with a fixed seed and checks them against an expected exact distribution.</summary>
internal static class SchemeSampling
{
    public static float[] Draw(InitScheme scheme, int[] shape, InitContext context)
    {
        var values = new float[shape.Aggregate(1, (a, d) => a * d)];
        scheme.Initialize<float>(values, shape, context);
        return values;
    }

    /// <summary>KS against the exact CDF (p &gt; 1e-4), mean within 5 standard errors, std within 5·σ·√(2/n), every value in the support.</summary>
    public static void AssertFollows(InitScheme scheme, int[] shape, InitContext context, Distribution expected)
    {
        var values = Draw(scheme, shape, context);
        string what = $"{scheme} on [{string.Join(", ", shape)}]";
        KolmogorovSmirnov.AssertFits(values.Select(v => (double)v), expected.Cdf, what);
        var stats = SampleStats.Of<float>(values);
        int n = values.Length;
        Assert.InRange(stats.Mean, expected.Mean - 5 * expected.Std / Math.Sqrt(n), expected.Mean + 5 * expected.Std / Math.Sqrt(n));
        Assert.InRange(stats.Std, expected.Std * (1 - 5 * Math.Sqrt(2.0 / n)), expected.Std * (1 + 5 * Math.Sqrt(2.0 / n)));
        Assert.InRange(stats.Min, expected.Minimum, expected.Maximum);
        Assert.InRange(stats.Max, expected.Minimum, expected.Maximum);
    }

    public static InitContext Context(string name, WeightLayout layout = WeightLayout.OutIn, int groups = 1, int threads = 0) =>
        new(new RandomStream(20240601, name), new FanRule(layout, groups), threads);
}
