using InitLab.Random;

namespace InitLab.Init;

/// <summary>What a scheme will produce for a shape, stated exactly before any value is drawn.</summary>
/// <param name="Fans">The fans used, or null when the scheme does not use fans.</param>
/// <param name="Gain">The effective gain (√scale for variance-scaling schemes), or null when the scheme has none.</param>
/// <param name="Mean">The exact mean of an element (for fixed patterns, the mean of the pattern).</param>
/// <param name="Std">The exact standard deviation of an element (for fixed patterns, the population std of the pattern).</param>
/// <param name="Bound">The largest |value| the scheme can produce, or null when it is unbounded.</param>
/// <param name="Element">The distribution every element follows independently, or null for structured schemes.</param>
public sealed record InitTheory(Fans? Fans, double? Gain, double Mean, double Std, double? Bound, Distribution? Element)
{
    /// <summary>The theory of i.i.d. elements from <paramref name="element"/>.</summary>
    public static InitTheory Of(Distribution element, Fans? fans = null, double? gain = null)
    {
        double bound = Math.Max(Math.Abs(element.Minimum), Math.Abs(element.Maximum));
        return new InitTheory(fans, gain, element.Mean, element.Std, double.IsFinite(bound) ? bound : null, element);
    }

    /// <summary>The theory of a fixed pattern of <paramref name="count"/> entries equal to <paramref name="value"/> among <paramref name="total"/> zeros and values.</summary>
    public static InitTheory Pattern(long count, long total, double value, double? gain)
    {
        double p = (double)count / total;
        return new InitTheory(null, gain, p * value, Math.Abs(value) * Math.Sqrt(p * (1 - p)), Math.Abs(value), null);
    }
}
