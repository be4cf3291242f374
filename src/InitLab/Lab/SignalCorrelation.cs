namespace InitLab.Lab;

/// <summary>How well one init-time signal ranks the runs by their final accuracy: Spearman's ρ over the runs.</summary>
/// <param name="Signal">The signal, e.g. <c>|log₁₀ last hidden std|</c>.</param>
/// <param name="Spearman">ρ ∈ [−1, 1]; negative means the further the signal is from its ideal, the worse the run; NaN when it is constant or undefined.</param>
/// <param name="Runs">Runs that had the signal.</param>
/// <remarks>
/// The signals are distances from the healthy value: |log₁₀ x| for the activation std, the gradient ratio and the
/// Jacobian's mean σ² (ideal 1: neither vanishing nor exploding), and the dead or saturated fraction (ideal 0). ρ is the
/// Pearson correlation of the ranks, ties taking their mean rank (Spearman 1904).
/// </remarks>
public sealed record SignalCorrelation(string Signal, double Spearman, int Runs)
{
    /// <summary>The correlation of every signal over <paramref name="results"/>.</summary>
    public static IReadOnlyList<SignalCorrelation> All(IReadOnlyList<RunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        (string Name, Func<InitDiagnostics, double?> Value)[] signals =
        [
            ("|log10 last hidden std|", d => Math.Abs(Math.Log10(d.LastHiddenStd))),
            ("|log10 gradient ratio first/last|", d => Math.Abs(Math.Log10(d.GradientRatio))),
            ("|log10 Jacobian mean σ²|", d => d.JacobianMeanSquared is double j ? Math.Abs(Math.Log10(j)) : null),
            ("dead or saturated fraction", d => d.Dead ?? d.Saturated),
        ];
        var list = new List<SignalCorrelation>();
        foreach (var (name, value) in signals)
        {
            var pairs = results.Select(r => (X: value(r.Diagnostics), Y: r.FinalAccuracy)).Where(p => p.X is double x && !double.IsNaN(x)).Select(p => (p.X!.Value, p.Y)).ToList();
            list.Add(new SignalCorrelation(name, pairs.Count < 3 ? double.NaN : Rho([.. pairs.Select(p => p.Item1)], [.. pairs.Select(p => p.Y)]), pairs.Count));
        }
        return list;
    }

    /// <summary>Spearman's ρ of two samples of equal length.</summary>
    public static double Rho(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"x has {x.Count} values but y has {y.Count}; they must pair up.", nameof(y));
        double[] rx = Ranks(x), ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                end++;
            for (int k = start; k <= end; k++)
                ranks[order[k]] = (start + end) / 2.0 + 1;
            start = end + 1;
        }
        return ranks;
    }
}
