using InitLab.Validation;

namespace InitLab.Diagnostics;

/// <summary>Counts of values in equal-width bins over [Low, High], with the values below and above counted apart.</summary>
/// <param name="Low">The left edge of the first bin.</param>
/// <param name="High">The right edge of the last bin.</param>
/// <param name="Counts">Values in each bin; bin i is [e_i, e_(i+1)) with e_i = Low + (High − Low)·i/bins, the last bin closed.</param>
/// <param name="Below">Values &lt; Low.</param>
/// <param name="Above">Values &gt; High.</param>
public sealed record Histogram(double Low, double High, long[] Counts, long Below, long Above)
{
    /// <summary>Bins <paramref name="sample"/> over [<paramref name="low"/>, <paramref name="high"/>]; a degenerate range (low = high) widens to low ± 0.5.</summary>
    /// <exception cref="ArgumentOutOfRangeException">bins &lt; 1, or the range is not finite or has low &gt; high.</exception>
    public static Histogram Of(SortedSample sample, int bins, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        Guard.Finite(low, nameof(low));
        Guard.Finite(high, nameof(high));
        if (low > high) Guard.Less(low, high, nameof(low), nameof(high));
        if (low == high)
            (low, high) = (low - 0.5, high + 0.5);
        var counts = new long[bins];
        int below = sample.CountBelow(low), previous = below;
        for (int i = 0; i < bins; i++)
        {
            int next = i == bins - 1 ? sample.CountBelow(high, inclusive: true) : sample.CountBelow(low + (high - low) * (i + 1) / bins);
            counts[i] = next - previous;
            previous = next;
        }
        return new Histogram(low, high, counts, below, sample.Count - previous);
    }

    /// <summary>The bin edges, Counts.Length + 1 of them.</summary>
    public double[] Edges() => [.. Enumerable.Range(0, Counts.Length + 1).Select(i => Low + (High - Low) * i / Counts.Length)];
}
