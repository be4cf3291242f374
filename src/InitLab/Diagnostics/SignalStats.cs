using InitLab.Numerics;

namespace InitLab.Diagnostics;

/// <summary>The distribution of one tensor of a forward or backward pass: mean, std, quantiles and a histogram.</summary>
/// <param name="Mean">Sample mean over every element.</param>
/// <param name="Std">Sample standard deviation (n − 1), over every element.</param>
/// <param name="Quantiles">The quantiles at <see cref="Levels"/> (1, 5, 50, 95 and 99 %).</param>
/// <param name="Histogram">A histogram over the range the probe chose.</param>
public sealed record SignalStats(double Mean, double Std, double[] Quantiles, Histogram Histogram)
{
    /// <summary>The quantile levels: 1, 5, 50, 95 and 99 %.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.01, 0.05, 0.5, 0.95, 0.99];

    /// <summary>√(mean² + std²), the root mean square: the quantity variance propagation predicts for zero-mean weights.</summary>
    public double Rms => Math.Sqrt(Mean * Mean + Std * Std);

    /// <summary>The statistics of <paramref name="values"/>, with a histogram of <paramref name="bins"/> bins over <paramref name="range"/> (default: from the smallest to the largest value).</summary>
    public static SignalStats Of(ReadOnlySpan<float> values, int bins, (double Low, double High)? range = null)
    {
        var moments = SampleStats.Of(values);
        var (low, high) = range ?? (values.IsEmpty ? (0, 1) : (moments.Min, moments.Max));
        return new SignalStats(moments.Mean, moments.Std, InitLab.Diagnostics.Quantiles.Of(values, [.. Levels]), Histogram.Of(values, bins, low, high));
    }
}
