namespace InitLab.Diagnostics;

/// <summary>The distribution of one tensor of a forward or backward pass: mean, std, quantiles and a histogram.</summary>
/// <param name="Mean">Sample mean over every element.</param>
/// <param name="Std">Sample standard deviation (n − 1, as torch.std) over every element.</param>
/// <param name="Quantiles">The quantiles at <see cref="Levels"/> (1, 5, 50, 95 and 99 %).</param>
/// <param name="Histogram">A histogram over the range the probe chose.</param>
public sealed record SignalStats(double Mean, double Std, double[] Quantiles, Histogram Histogram)
{
    /// <summary>The quantile levels: 1, 5, 50, 95 and 99 %.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.01, 0.05, 0.5, 0.95, 0.99];

    /// <summary>The statistics of <paramref name="values"/>, with a histogram of <paramref name="bins"/> bins over <paramref name="range"/> (default: from the smallest to the largest value).</summary>
    public static SignalStats Of(ReadOnlySpan<float> values, int bins, (double Low, double High)? range = null)
    {
        var sample = new SortedSample(values);
        var (mean, std) = Moments(values);
        var (low, high) = range ?? (values.IsEmpty ? (0, 1) : (sample.Min, sample.Max));
        return new SignalStats(mean, std, [.. Levels.Select(sample.Quantile)], Histogram.Of(sample, bins, low, high));
    }

    /// <summary>Mean and std in two passes with float64 accumulators (exact to rounding even when |mean| ≫ std).</summary>
    internal static (double Mean, double Std) Moments(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            return (double.NaN, double.NaN);
        var (mean, squares) = Numerics.SampleStats.TwoPass(values);
        return (mean, values.Length > 1 ? Math.Sqrt(squares / (values.Length - 1)) : 0);
    }
}
