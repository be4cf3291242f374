namespace InitLab.Tests.Support;

/// <summary>The one-sample Kolmogorov–Smirnov test against an exact CDF.</summary>
public static class KolmogorovSmirnov
{
    /// <summary>D = sup |F_n(x) − F(x)| over the sample.</summary>
    public static double Statistic(IEnumerable<double> sample, Func<double, double> cdf)
    {
        var sorted = sample.ToArray();
        Array.Sort(sorted);
        int n = sorted.Length;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return d;
    }

    /// <summary>Asymptotic p-value P(D·√n &gt; λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), with Stephens' small-n correction.</summary>
    public static double PValue(double d, int n)
    {
        double sqrtN = Math.Sqrt(n);
        double lambda = (sqrtN + 0.12 + 0.11 / sqrtN) * d;
        if (lambda < 0.2) return 1;
        double sum = 0;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-16) break;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>Asserts the sample fits the CDF at significance 1e-4; with fixed seeds the outcome is deterministic, never flaky.</summary>
    public static void AssertFits(IEnumerable<double> sample, Func<double, double> cdf, string what)
    {
        var values = sample.ToArray();
        double d = Statistic(values, cdf);
        double p = PValue(d, values.Length);
        Assert.True(p > 1e-4, $"{what}: KS D = {d:G4} over n = {values.Length}, p = {p:G3}");
    }
}
