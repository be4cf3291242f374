using MathNet.Numerics.Distributions;

namespace InitLab.Numerics;

/// <summary>The mean of a sample with its 95% Student-t interval.</summary>
/// <param name="Count">n.</param>
/// <param name="Mean">The sample mean x̄.</param>
/// <param name="Std">The sample std s (n − 1 in the denominator); 0 for n = 1.</param>
/// <param name="HalfWidth">t₀.₉₇₅,ₙ₋₁·s/√n: the interval is x̄ ± HalfWidth; NaN for n &lt; 2.</param>
public readonly record struct MeanInterval(int Count, double Mean, double Std, double HalfWidth)
{
    /// <summary>The mean and 95% interval of <paramref name="values"/> (NaN for an empty sample).</summary>
    public static MeanInterval Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (n == 0)
            return new MeanInterval(0, double.NaN, double.NaN, double.NaN);
        double mean = values.Average();
        double std = n > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : 0;
        double half = n > 1 ? StudentT.InvCDF(0, 1, n - 1, 0.975) * std / Math.Sqrt(n) : double.NaN;
        return new MeanInterval(n, mean, std, half);
    }
}

/// <summary>Welch's unequal-variances t-test and Holm's step-down correction for several of them.</summary>
/// <remarks>
/// Welch (1947), https://doi.org/10.1093/biomet/34.1-2.28: t = (x̄₁ − x̄₂)/√(s₁²/n₁ + s₂²/n₂) with the
/// Welch–Satterthwaite degrees of freedom ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)); the two-sided
/// p = 2·(1 − F_ν(|t|)). scipy.stats.ttest_ind(a, b, equal_var=False) computes the same. Holm (1979),
/// https://www.jstor.org/stable/4615733: with m p-values sorted p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted p₍ᵢ₎ is
/// max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎); it controls the family-wise error rate, with no assumption on how the tests depend on one another.
/// </remarks>
public static class Welch
{
    /// <summary>The two-sided p-value of Welch's t-test of equal means; NaN when a sample has fewer than 2 values.</summary>
    /// <remarks>When both samples have zero variance the test degenerates: p = 1 for equal means and 0 otherwise.</remarks>
    public static double PValue(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (t, df) = Statistic(a, b);
        if (double.IsNaN(t))
            return double.NaN;
        if (double.IsInfinity(t))
            return 0;
        if (df == 0)
            return 1;
        return Math.Min(1, 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(t))));
    }

    /// <summary>Welch's t and its degrees of freedom ν (t = ±∞ when both variances are 0 and the means differ; t = 0, ν = 0 when they are equal).</summary>
    public static (double T, double DegreesOfFreedom) Statistic(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 2 || b.Count < 2)
            return (double.NaN, double.NaN);
        var x = MeanInterval.Of(a);
        var y = MeanInterval.Of(b);
        double va = x.Std * x.Std / a.Count, vb = y.Std * y.Std / b.Count, se2 = va + vb;
        if (se2 == 0)
            return x.Mean == y.Mean ? (0, 0) : (x.Mean > y.Mean ? double.PositiveInfinity : double.NegativeInfinity, double.PositiveInfinity);
        double df = se2 * se2 / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        return ((x.Mean - y.Mean) / Math.Sqrt(se2), df);
    }

    /// <summary>Holm-adjusted p-values, in the order given; NaN entries stay NaN and do not count in m.</summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var adjusted = pValues.ToArray();
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToList();
        double running = 0;
        for (int rank = 0; rank < order.Count; rank++)
        {
            running = Math.Max(running, Math.Min(1, (order.Count - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
