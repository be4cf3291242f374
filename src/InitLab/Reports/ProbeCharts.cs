using System.Globalization;
using InitLab.Activations;
using InitLab.Diagnostics;
using InitLab.Reports.Svg;

namespace InitLab.Reports;

/// <summary>One probe drawn in the charts: its label, its color and what it measured.</summary>
/// <param name="Label">The legend and row label.</param>
/// <param name="Color">#RRGGBB.</param>
/// <param name="Result">The probe.</param>
public sealed record ProbeSeries(string Label, string Color, ProbeResult Result);

/// <summary>The charts of a probe report: per-layer histograms, std and gradient curves with the theory, and the Jacobian spectrum.</summary>
public static class ProbeCharts
{
    const string TheoryGray = "#555555";

    /// <summary>Rows of post-activation histograms, one column per layer, annotated with the std and the saturated or dead fraction.</summary>
    public static string Histograms(string title, IReadOnlyList<ProbeSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        int depth = series.Max(s => s.Result.Layers.Count);
        var grid = new HistogramGrid(title, [.. Enumerable.Range(1, depth).Select(l => $"layer {l}")]);
        foreach (var s in series)
            grid.AddRow(s.Label, s.Color, [.. s.Result.Layers.Select(Cell)]);
        return grid.ToSvg();
    }

    static HistogramCell Cell(LayerProbe layer)
    {
        var lines = new List<string> { $"σ {Short(layer.Post.Std)}" };
        if (layer.Saturated is { } saturated)
            lines.Add($"sat {Percent(saturated)}");
        if (layer.Dead is { } dead)
            lines.Add($"dead {Percent(dead)}");
        return new HistogramCell(layer.Post.Histogram, lines, SpikeAtLow: layer.Activation.Kind == ActivationKind.Relu);
    }

    /// <summary>The measured pre-activation std of every layer (solid) and the variance-propagation prediction (dashed: in the series' color, or gray for a single series), on a log axis.</summary>
    public static string PreActivationStd(string title, IReadOnlyList<ProbeSeries> series) =>
        PerLayer(title, "pre-activation std", series, l => l.Pre.Std, l => l.PredictedPreStd);

    /// <summary>The std of the gradient with respect to every layer's output, on a log axis.</summary>
    public static string GradientStd(string title, IReadOnlyList<ProbeSeries> series) =>
        PerLayer(title, "std of dL/d(layer output)", series, l => l.GradStd, null);

    static string PerLayer(string title, string yLabel, IReadOnlyList<ProbeSeries> series, Func<LayerProbe, double> measured, Func<LayerProbe, double?>? predicted)
    {
        ArgumentNullException.ThrowIfNull(series);
        var values = series.SelectMany(s => s.Result.Layers.SelectMany(l => new[] { measured(l), predicted?.Invoke(l) ?? double.NaN }));
        var chart = new SvgChart(title, new Axis("layer", 1, Math.Max(2, series.Max(s => s.Result.Layers.Count))), LogAxis(yLabel, values), 640, 380);
        foreach (var s in series)
        {
            double[] xs = [.. s.Result.Layers.Select(l => (double)l.Index)];
            chart.AddLine(s.Label, xs, [.. s.Result.Layers.Select(measured)], color: s.Color);
            if (predicted is not null)
                chart.AddLine("", xs, [.. s.Result.Layers.Select(l => predicted(l) ?? double.NaN)], dashed: true, color: series.Count == 1 ? TheoryGray : s.Color);
        }
        if (predicted is not null)
            chart.AddLine("theory (dashed)", [], [], dashed: true, color: TheoryGray);
        return chart.ToSvg();
    }

    /// <summary>The Jacobian's singular values divided by their RMS √(mean σ²), largest first, against their rank as a fraction of k, on a log axis: the shape of the spectrum, whatever its scale.</summary>
    public static string JacobianSpectrum(string title, IReadOnlyList<ProbeSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var spectra = series.Where(s => s.Result.Jacobian is not null).ToList();
        var resolved = spectra.Select(s => Resolved(s.Result.Jacobian!)).ToList();
        var chart = new SvgChart(title, new Axis("rank / k", 0, 1), LogAxis("σ / √(mean σ²)", resolved.SelectMany(v => v)), 640, 380);
        for (int r = 0; r < spectra.Count; r++)
            chart.AddLine(spectra[r].Label, [.. resolved[r].Select((_, i) => (i + 0.5) / resolved[r].Length)], resolved[r], color: spectra[r].Color);
        return chart.ToSvg();
    }

    /// <summary>σ/√(mean σ²) for the singular values J resolves; those below <see cref="Diagnostics.JacobianSpectrum.Resolution"/>·σ_max are float32 rounding of J, not the network, and become NaN (not drawn).</summary>
    static double[] Resolved(JacobianSpectrum j) =>
        [.. j.SingularValues.Select(v => v >= Diagnostics.JacobianSpectrum.Resolution * j.Max ? v / Math.Sqrt(j.MeanSquared) : double.NaN)];

    /// <summary>A log axis spanning the positive finite values, widened to whole decades (1e-3 … 1e3 when there are none).</summary>
    internal static Axis LogAxis(string label, IEnumerable<double> values)
    {
        var usable = values.Where(v => double.IsFinite(v) && v > 0).ToList();
        double low = usable.Count == 0 ? 1e-3 : Math.Pow(10, Math.Floor(Math.Log10(usable.Min())));
        double high = usable.Count == 0 ? 1e3 : Math.Pow(10, Math.Ceiling(Math.Log10(usable.Max())));
        return new Axis(label, low, Math.Max(high, low * 10), AxisScale.Log);
    }

    /// <summary>Three significant digits, in exponent form outside [0.001, 10⁵).</summary>
    public static string Short(double value) =>
        !double.IsFinite(value) ? "n/a"
        : value != 0 && (Math.Abs(value) >= 1e5 || Math.Abs(value) < 1e-3) ? value.ToString("0.##e+0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with at most one decimal.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
