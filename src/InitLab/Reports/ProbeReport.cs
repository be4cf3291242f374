using InitLab.Diagnostics;
using InitLab.Reports.Svg;

namespace InitLab.Reports;

/// <summary>The HTML pages of <c>initlab probe --report</c>: one probed model, or the classic experiment.</summary>
public static class ProbeReport
{
    const string HistogramNote =
        "Each cell is the histogram of one layer's outputs φ(z) over the whole batch, scaled to its own tallest bar; " +
        "σ is their std. A red bar at an edge is the share of values beyond the drawn range.";

    /// <summary>The page for one probed model.</summary>
    /// <param name="title">The page title, e.g. the command that produced it.</param>
    /// <param name="description">One line on the model, its initialization and its input.</param>
    /// <param name="result">The probe.</param>
    public static string Single(string title, string description, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<ProbeSeries> series = [new("probe", SvgChart.Palette[0], result)];
        var page = new HtmlPage(title).Paragraph(description)
            .Heading("Activations, layer by layer").Note(HistogramNote)
            .Figure(ProbeCharts.Histograms("post-activation histograms", series))
            .Heading("Theory beside measurement")
            .Figure(ProbeCharts.PreActivationStd("pre-activation std", series), "Solid: measured. Dashed: variance propagation from fans, E[W²] and the activation.")
            .Figure(ProbeCharts.GradientStd("backward: gradient std", series), $"Loss: {LossText(result.Loss)}.");
        if (result.Jacobian is not null)
            page.Figure(ProbeCharts.JacobianSpectrum("input–output Jacobian singular values", series), JacobianCaption(result.Jacobian));
        return page.Table(LayerRows(result)).ToString();
    }

    /// <summary>The page of the classic experiment (<see cref="ClassicExperiment"/>) run on <paramref name="batch"/> samples.</summary>
    public static string Classic(IReadOnlyList<ClassicRun> runs, int batch)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var page = new HtmlPage($"What initialization does to a deep network: {ClassicExperiment.Depth} layers × {ClassicExperiment.Width} units")
            .Paragraph($"Glorot & Bengio 2010 and the CS231n notes, reproduced: {ClassicExperiment.Depth} dense layers of {ClassicExperiment.Width} units, " +
                       $"the activation after every layer, zero biases, one batch of {batch} " +
                       "N(0, 1) inputs, and the same batch and seed for every initialization. Every weight comes from the catalog's registry.");
        page.Heading("The initializations");
        page.Table([["initialization", "scheme (tanh)", "scheme (relu)", "what to see"],
            .. ClassicExperiment.Inits.Select(i => (IReadOnlyList<string>)[i.Label, i.Scheme(Activations.Activation.Tanh), i.Scheme(Activations.Activation.Relu), i.Reading])]);
        foreach (var activation in ClassicExperiment.Activations)
        {
            var series = Series(runs.Where(r => r.Activation == activation).ToList());
            page.Heading($"{activation}: the activations, layer by layer")
                .Note(activation.Kind == Activations.ActivationKind.Tanh
                    ? "tanh: with N(0, 0.01²) the histograms shrink to a spike at 0; with N(0, 1) they pile up at ±1 (saturated: no gradient flows); Xavier and orthogonal keep a broad shape through all ten layers; LSUV holds the pre-activation std at 1, so the outputs spread wider, yet under 1% saturate."
                    : "ReLU: with N(0, 0.01²) everything collapses to 0; with N(0, 1) the values leave any fixed range (the std grows about 16-fold per layer); He and orthogonal at gain √2 keep the same shape in every layer, Xavier shrinks it by √2 per layer, LSUV fixes the std at 1 in every layer. The bar at 0 (the zeros, about half) is cut at the top.")
                .Paragraph(HistogramNote)
                .Figure(ProbeCharts.Histograms($"{activation}: post-activation histograms per layer", series));
            page.Heading($"{activation}: theory beside measurement")
                .Figure(ProbeCharts.PreActivationStd($"{activation}: pre-activation std per layer", series),
                    "Solid: measured. Dashed: the prediction from fans, E[W²] and the activation (exact in expectation for ReLU; mean-field quadrature for tanh). They overlap wherever the theory holds.")
                .Figure(ProbeCharts.GradientStd($"{activation}: gradient std per layer (backward)", series),
                    "The std of dL/d(output of layer l) for a random Gaussian readout: what reaches the early layers during training.")
                .Figure(ProbeCharts.JacobianSpectrum($"{activation}: Jacobian singular values", series), JacobianCaption(null));
        }
        foreach (var run in runs.Where(r => r.Report is not null))
            page.Heading($"{run.Init.Label} on {run.Activation}: what the initializer did").Paragraph(run.Report!.Summary + ".")
                .Table([["layer", "rescalings", "variance (init batch)", "variance (held-out batch)"],
                    .. run.Report.Steps.Select(s => (IReadOnlyList<string>)[s.Target, s.Iterations?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–",
                        ProbeCharts.Short(s.Variance ?? double.NaN), ProbeCharts.Short(s.HeldOutVariance ?? double.NaN)])]);
        page.Heading("Summary").Table(SummaryRows(runs));
        return page.ToString();
    }

    /// <summary>The rows of the summary table (header first): one per run, at the last layer.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> SummaryRows(IReadOnlyList<ClassicRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "activation", "initialization", "last std (measured)", "last std (theory)", "saturated / dead", "grad std layer 1 / last", "Jacobian mean σ² (theory)", "σ² spread (std/mean)" },
        };
        foreach (var run in runs)
        {
            var last = run.Result.Layers[^1];
            var j = run.Result.Jacobian;
            rows.Add(
            [
                run.Activation.ToString(), run.Init.Label, ProbeCharts.Short(last.Pre.Std), ProbeCharts.Short(last.PredictedPreStd ?? double.NaN),
                last.Saturated is { } s ? ProbeCharts.Percent(s) + " sat" : last.Dead is { } d ? ProbeCharts.Percent(d) + " dead" : "–",
                ProbeCharts.Short(run.Result.Layers[0].GradStd / last.GradStd),
                j is null ? "–" : $"{ProbeCharts.Short(j.MeanSquared)} ({ProbeCharts.Short(j.PredictedMeanSquared ?? double.NaN)})",
                j is null ? "–" : ProbeCharts.Short(Spread(j)),
            ]);
        }
        return rows;
    }

    static List<ProbeSeries> Series(IReadOnlyList<ClassicRun> runs) =>
        [.. runs.Select(r => new ProbeSeries(r.Init.Label, SvgChart.Palette[IndexOf(r.Init)], r.Result))];

    static int IndexOf(ClassicInit init)
    {
        for (int i = 0; i < ClassicExperiment.Inits.Count; i++)
            if (ReferenceEquals(ClassicExperiment.Inits[i], init))
                return i % SvgChart.Palette.Count;
        return 0;
    }

    static string JacobianCaption(JacobianSpectrum? j) =>
        "The singular values of the input–output Jacobian J at one input, largest first, divided by their RMS so that only the shape shows. " +
        "The mean of σ² is ∏ χ₁ for Gaussian and orthogonal weights alike (the table has it beside the theory); what differs is the spread: " +
        "a flat line at 1 (all σ equal, dynamical isometry) passes every direction of the gradient back equally. ReLU zeroes about half the units, so J has rank ≈ k/2." +
        (j is null ? "" : $" Here mean σ² = {ProbeCharts.Short(j.MeanSquared)} (theory {ProbeCharts.Short(j.PredictedMeanSquared ?? double.NaN)}), σ² spread (std/mean) {ProbeCharts.Short(Spread(j))}.");

    /// <summary>std(σ²)/mean(σ²): 0 for perfect isometry, √L for a linear Gaussian chain of L layers.</summary>
    public static double Spread(JacobianSpectrum j) => Math.Sqrt(j.SquaredVariance) / j.MeanSquared;

    static IReadOnlyList<IReadOnlyList<string>> LayerRows(ProbeResult result) =>
    [
        ["layer", "name", "fan_in → fan_out", "pre mean", "pre std", "predicted", "post std", "saturated", "dead", "grad std", "‖ΔW‖/‖W‖"],
        .. result.Layers.Select(l => (IReadOnlyList<string>)
        [
            l.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Name, $"{l.FanIn} → {l.FanOut}", ProbeCharts.Short(l.Pre.Mean),
            ProbeCharts.Short(l.Pre.Std), ProbeCharts.Short(l.PredictedPreStd ?? double.NaN), ProbeCharts.Short(l.Post.Std),
            l.Saturated is { } s ? ProbeCharts.Percent(s) : "–", l.Dead is { } d ? ProbeCharts.Percent(d) : "–",
            ProbeCharts.Short(l.GradStd), ProbeCharts.Short(l.UpdateRatio),
        ]),
    ];

    static string LossText(ProbeLoss loss) => loss == ProbeLoss.CrossEntropy
        ? "softmax cross-entropy against the batch's labels"
        : "a random Gaussian readout L = (1/B)·Σ g·y";
}
