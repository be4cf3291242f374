using InitLab.Validation;

namespace InitLab.Diagnostics;

/// <summary>Counts of values in equal-width bins over [Low, High], with the values below and above counted apart.</summary>
/// <param name="Low">The left edge of the first bin.</param>
/// <param name="High">The right edge of the last bin.</param>
/// <param name="Counts">Values in each bin; bin i is [Low + i·w, Low + (i+1)·w) with w = (High − Low)/bins, the last bin closed.</param>
/// <param name="Below">Values &lt; Low.</param>
/// <param name="Above">Values &gt; High.</param>
public sealed record Histogram(double Low, double High, long[] Counts, long Below, long Above)
{
    /// <summary>Bins <paramref name="values"/> over [<paramref name="low"/>, <paramref name="high"/>]; a degenerate range (low = high) widens to low ± 0.5.</summary>
    /// <exception cref="ArgumentOutOfRangeException">bins &lt; 1, or the range is not finite or has low &gt; high.</exception>
    public static Histogram Of(ReadOnlySpan<float> values, int bins, double low, double high)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        Guard.Finite(low, nameof(low));
        Guard.Finite(high, nameof(high));
        if (low > high) Guard.Less(low, high, nameof(low), nameof(high));
        if (low == high)
            (low, high) = (low - 0.5, high + 0.5);
        var counts = new long[bins];
        long below = 0, above = 0;
        double scale = bins / (high - low);
        foreach (float v in values)
        {
            if (v < low) below++;
            else if (v > high) above++;
            else counts[Math.Min(bins - 1, (int)((v - low) * scale))]++;
        }
        return new Histogram(low, high, counts, below, above);
    }

    /// <summary>The bin edges, Counts.Length + 1 of them.</summary>
    public double[] Edges() => [.. Enumerable.Range(0, Counts.Length + 1).Select(i => Low + (High - Low) * i / Counts.Length)];
}
