using System.Globalization;
using InitLab.Lab;
using InitLab.Numerics;
using InitLab.Reports.Svg;

namespace InitLab.Reports;

/// <summary>The HTML page of <c>initlab compare --report</c>: the ranking, the accuracy heat map, the spread across inits, curves with seed bands and the init-time diagnostics beside the outcome.</summary>
public static class ComparisonReport
{
    /// <summary>The page for <paramref name="summary"/>.</summary>
    public static string Page(ComparisonSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var o = summary.Outcome;
        var grid = o.Grid;
        var t = grid.Template;
        var cells = summary.Cells;
        var page = new HtmlPage($"Which initialization trains? initlab compare {grid.Name}")
            .Paragraph(FormattableString.Invariant(
                $"{cells.Count} cells × {grid.Seeds} seeds = {o.Runs.Count} runs on {t.Data}, batch {t.Batch}, {(t.Steps is long s ? $"{s} steps" : $"{t.Epochs} epochs")} ({summary.TotalSteps} steps) per run; seeds {grid.FirstSeed}–{grid.FirstSeed + (ulong)grid.Seeds - 1}. Fixed: {Fixed(summary)}."))
            .Note("Accuracy is the test accuracy after the last step, averaged over seeds; a run that diverged (NaN or ∞ in the loss, an activation or a gradient) " +
                  "counts at chance accuracy and is listed in the 'diverged' column, never dropped. ± is the 95% Student-t interval of the mean.");

        page.Heading("Ranking").Table(RankingRows(summary))
            .Paragraph($"✱: worse than the best cell at p < {ComparisonSummary.Alpha} (Welch's two-sided t-test on the final accuracies over seeds, Holm-corrected over the " +
                       $"{Math.Max(0, cells.Count - 1)} comparisons with the best). Loss columns: the training loss averaged over the {summary.Window} steps ending at that step.");

        var (rowLabels, columnLabels, index) = Layout(cells);
        var accuracy = new double[rowLabels.Count, columnLabels.Count];
        for (int r = 0; r < rowLabels.Count; r++)
            for (int c = 0; c < columnLabels.Count; c++)
                accuracy[r, c] = index[r, c] is int i ? cells[i].FinalAccuracy.Mean : double.NaN;
        double chance = 1.0 / o.Runs[0].Result.Classes, top = Math.Max(chance + 0.01, cells.Max(c => c.FinalAccuracy.Mean));
        page.Heading("Final accuracy: initialization × the rest of the grid")
            .Figure(new CategoryHeatmap("mean final test accuracy", rowLabels, columnLabels, accuracy, new ColorScale(chance, chance, top), "accuracy",
                v => v.ToString("0.000", CultureInfo.InvariantCulture)).ToSvg(),
                "Rows: initializations; columns: every combination of the other settings that vary. White is chance accuracy, dark red the best cell.");
        if (rowLabels.Count > 1)
            page.Heading("How much the initialization matters").Table(SpreadRows(rowLabels, columnLabels, index, cells))
                .Paragraph("For each column, the spread of the mean final accuracy across initializations: the smaller it is, the less the result depends on the initialization.");

        page.Heading("Training curves");
        for (int c = 0; c < columnLabels.Count; c++)
        {
            var members = Enumerable.Range(0, rowLabels.Count).Where(r => index[r, c] is not null).Select(r => (Label: rowLabels[r], Cell: cells[index[r, c]!.Value])).ToList();
            string suffix = columnLabels.Count == 1 ? "" : $" — {columnLabels[c]}";
            page.Figure(LossChart("training loss" + suffix, members, summary.Window), "Mean over seeds (line) and the range of the seeds (band); smoothed over a window of steps.")
                .Figure(AccuracyChart("test accuracy" + suffix, members, chance), "Mean over seeds after each epoch (line) and the range of the seeds (band).");
        }

        page.Heading("Init-time diagnostics beside the outcome")
            .Note("Measured before step 1 with the probe (initlab probe) on the first 256 training images: the last hidden layer's activation std, the ratio of gradient " +
                  "std at the first and the last layer, the Jacobian's mean squared singular value (dense chains without normalization), and the dead or saturated " +
                  "fraction. Healthy values are near 1, 1, 1 and 0; the scatter plots show which of them predicts the final accuracy.")
            .Table(DiagnosticRows(summary));
        foreach (var (signal, chart) in SignalCharts(summary))
            page.Figure(chart, signal);

        if (cells.Any(c => IsConstant(c.Cell.Settings.Init)))
            page.Heading("The symmetry problem: distances between the units of each layer after training")
                .Note("Units that start equal get equal gradients and stay equal: the largest distance between two rows of a weight (two units) stays exactly 0 " +
                      "for a constant initialization, so the layer is one unit however wide it is. The classifier's rows can move apart, because each one has its own target (unless no signal reaches it, as with zeros and relu).")
                .Table(SymmetryRows(cells));
        return page.ToString();
    }

    /// <summary>The ranking table (header first), best cell first.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> RankingRows(ComparisonSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var steps = summary.Cells[0].LossAt.Select(l => l.Step).ToList();
        var template = summary.Outcome.Grid.Template;
        bool clips = Training.GradientClipping.Of(template).Kind != Training.ClipKind.None;
        bool ema = template.Ema is not null, swa = template.Swa is not null;
        var rows = new List<IReadOnlyList<string>>
        {
            (string[])["rank", "cell", "final acc", .. ema ? ["ema acc"] : Array.Empty<string>(), .. swa ? ["swa acc"] : Array.Empty<string>(), "best acc", "train acc", .. steps.Select(s => $"loss @ {s}"), $"steps to loss {Short(summary.Outcome.Grid.TargetLoss)}", "diverged",
                .. clips ? ["clipped"] : Array.Empty<string>(), "p vs best (Holm)"],
        };
        foreach (var r in summary.Ranking)
        {
            var c = r.Summary;
            rows.Add(
            [
                r.Rank.ToString(CultureInfo.InvariantCulture) + (r.WorseThanBest ? " ✱" : ""),
                c.Cell.Label,
                Interval(c.FinalAccuracy, "0.0000"),
                .. ema ? [Interval(c.EmaAccuracy, "0.0000")] : Array.Empty<string>(),
                .. swa ? [Interval(c.SwaAccuracy, "0.0000")] : Array.Empty<string>(),
                Interval(c.BestAccuracy, "0.0000"),
                Interval(c.TrainAccuracy, "0.0000"),
                .. c.LossAt.Select(l => Interval(l.Loss, "0.000")),
                c.Reached == 0 ? $"never (0/{c.Results.Count})" : $"{Interval(c.StepsToTarget, "0")} ({c.Reached}/{c.Results.Count})",
                $"{c.Diverged}/{c.Results.Count}",
                .. clips ? [c.ClipFraction.ToString("P1", CultureInfo.InvariantCulture)] : Array.Empty<string>(),
                r.AdjustedPValue is double p ? (double.IsNaN(p) ? "n/a (1 seed)" : P(p)) : "best",
            ]);
        }
        return rows;
    }

    static string Fixed(ComparisonSummary summary)
    {
        var t = summary.Outcome.Grid.Template;
        var cells = summary.Cells.Select(c => c.Cell.Settings).ToList();
        var parts = new List<string>();
        void Add(string name, IEnumerable<string> values)
        {
            var distinct = values.Distinct().ToList();
            if (distinct.Count == 1)
                parts.Add($"{name} {distinct[0]}");
        }
        Add("model", cells.Select(c => c.Model));
        Add("init", cells.Select(c => c.Init));
        Add("activation", cells.Select(c => c.Activation));
        Add("norm", cells.Select(c => c.Norm.ToString().ToLowerInvariant()));
        Add("optimizer", cells.Select(c => c.Optimizer.ToString().ToLowerInvariant()));
        Add("lr", cells.Select(c => ComparisonGrid.Number(c.LearningRate)));
        if (cells.Any(c => c.InitFrom is not null))
            Add("start", cells.Select(c => c.StartLabel));
        parts.Add($"momentum (sgd) {ComparisonGrid.Number(t.Momentum)}, weight decay {ComparisonGrid.Number(t.WeightDecay)}, bias init {t.BiasInit}");
        if (t.Classes is { } classes)
            parts.Add($"classes {string.Join(",", classes)} (relabelled 0 … {classes.Count - 1})");
        if (t.PerClass is int n)
            parts.Add($"{n} training images per class");
        foreach (var (name, value) in new[] { ("L1", t.L1), ("L2", t.L2), ("dropout", t.Dropout), ("DropConnect", t.DropConnect), ("label smoothing", t.LabelSmoothing),
                     ("clip norm", t.ClipNorm ?? 0), ("clip value", t.ClipValue ?? 0) })
            if (value != 0)
                parts.Add($"{name} {ComparisonGrid.Number(value)}");
        return string.Join(", ", parts);
    }

    /// <summary>Rows: the distinct inits; columns: the distinct combinations of every other setting, in grid order.</summary>
    static (List<string> Rows, List<string> Columns, int?[,] Index) Layout(IReadOnlyList<CellSummary> cells)
    {
        var rows = cells.Select(c => c.Cell.Settings.Init).Distinct().ToList();
        string Rest(CellSummary c)
        {
            var s = c.Cell.Settings;
            var label = c.Cell.Label.Split(" · ").Where(p => p != s.Init).ToList();
            return label.Count == 0 ? "all" : string.Join(" · ", label);
        }
        var columns = cells.Select(Rest).Distinct().ToList();
        var index = new int?[rows.Count, columns.Count];
        for (int i = 0; i < cells.Count; i++)
            index[rows.IndexOf(cells[i].Cell.Settings.Init), columns.IndexOf(Rest(cells[i]))] = i;
        return (rows, columns, index);
    }

    static IReadOnlyList<IReadOnlyList<string>> SpreadRows(List<string> rows, List<string> columns, int?[,] index, IReadOnlyList<CellSummary> cells)
    {
        var table = new List<IReadOnlyList<string>> { new[] { "setting", "best init", "worst init", "max − min accuracy", "std across inits", "diverged runs" } };
        for (int c = 0; c < columns.Count; c++)
        {
            var members = Enumerable.Range(0, rows.Count).Where(r => index[r, c] is not null).Select(r => cells[index[r, c]!.Value]).ToList();
            if (members.Count < 2)
                continue;
            var means = members.Select(m => m.FinalAccuracy.Mean).ToList();
            var best = members[means.IndexOf(means.Max())];
            var worst = members[means.IndexOf(means.Min())];
            table.Add([columns[c], $"{best.Cell.Settings.Init} ({Short(means.Max())})", $"{worst.Cell.Settings.Init} ({Short(means.Min())})",
                Short(means.Max() - means.Min()), Short(MeanInterval.Of(means).Std), $"{members.Sum(m => m.Diverged)}/{members.Sum(m => m.Results.Count)}"]);
        }
        return table;
    }

    static string LossChart(string title, IReadOnlyList<(string Label, CellSummary Cell)> members, int window)
    {
        long steps = members.Max(m => m.Cell.Results.Max(r => (long)r.StepLosses.Count));
        int points = (int)Math.Min(steps, 120);
        double[] xs = [.. Enumerable.Range(1, points).Select(i => Math.Max(1, Math.Round((double)i * steps / points)))];
        var curves = members.Select(m => xs.Select(x => m.Cell.Results.Select(r => r.LossAt((long)x, window)).Where(double.IsFinite).ToList()).ToList()).ToList();
        var all = curves.SelectMany(c => c.SelectMany(v => v)).Where(v => v > 0).ToList();
        var chart = new SvgChart(title, new Axis("step", 0, Math.Max(1, steps)), ProbeCharts.LogAxis("training loss", all), 640, 360);
        for (int i = 0; i < members.Count; i++)
        {
            string color = SvgChart.Palette[i % SvgChart.Palette.Count];
            var c = curves[i];
            chart.AddBand(xs, [.. c.Select(v => v.Count == 0 ? double.NaN : v.Min())], [.. c.Select(v => v.Count == 0 ? double.NaN : v.Max())], color);
            chart.AddLine(members[i].Label, xs, [.. c.Select(v => v.Count == 0 ? double.NaN : v.Average())], color: color);
        }
        return chart.ToSvg();
    }

    static string AccuracyChart(string title, IReadOnlyList<(string Label, CellSummary Cell)> members, double chance)
    {
        int epochs = members.Max(m => m.Cell.Results.Max(r => r.Epochs.Count));
        double[] xs = [.. Enumerable.Range(1, epochs).Select(e => (double)e)];
        var chart = new SvgChart(title, new Axis("epoch", 0.5, Math.Max(1.5, epochs + 0.5)), new Axis("test accuracy", 0, 1), 640, 360);
        chart.AddLine("chance", [0.5, epochs + 0.5], [chance, chance], dashed: true, color: "#999999");
        for (int i = 0; i < members.Count; i++)
        {
            string color = SvgChart.Palette[i % SvgChart.Palette.Count];
            var at = xs.Select(x => members[i].Cell.Results.Select(r => (int)x <= r.Epochs.Count ? r.Epochs[(int)x - 1].TestAccuracy
                : r.Status == RunStatus.Diverged ? chance : double.NaN).Where(double.IsFinite).ToList()).ToList();
            chart.AddBand(xs, [.. at.Select(v => v.Count == 0 ? double.NaN : v.Min())], [.. at.Select(v => v.Count == 0 ? double.NaN : v.Max())], color);
            chart.AddLine(members[i].Label, xs, [.. at.Select(v => v.Count == 0 ? double.NaN : v.Average())], color: color);
            chart.AddPoints("", xs, [.. at.Select(v => v.Count == 0 ? double.NaN : v.Average())], color);
        }
        return chart.ToSvg();
    }

    static IReadOnlyList<IReadOnlyList<string>> DiagnosticRows(ComparisonSummary summary)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "cell", "last hidden std", "grad std first / last", "Jacobian mean σ²", "dead / saturated", "init loss", "final acc", "diverged" },
        };
        foreach (var c in summary.Ranking.Select(r => r.Summary))
            rows.Add([c.Cell.Label, Short(c.LastHiddenStd), Short(c.GradientRatio), c.JacobianMeanSquared is double j ? Short(j) : "–",
                c.Dead is double d ? ProbeCharts.Percent(d) + " dead" : c.Saturated is double s ? ProbeCharts.Percent(s) + " sat" : "–",
                Short(c.Results.Average(r => r.Diagnostics.Loss)), Interval(c.FinalAccuracy, "0.0000"), $"{c.Diverged}/{c.Results.Count}"]);
        return rows;
    }

    static IEnumerable<(string Caption, string Svg)> SignalCharts(ComparisonSummary summary)
    {
        var runs = summary.Outcome.Runs;
        (string Name, string Axis, Func<InitDiagnostics, double?> Value, bool Log)[] signals =
        [
            ("|log10 last hidden std|", "last hidden std at init", d => d.LastHiddenStd, true),
            ("|log10 gradient ratio first/last|", "grad std first / last layer at init", d => d.GradientRatio, true),
            ("|log10 Jacobian mean σ²|", "Jacobian mean σ² at init", d => d.JacobianMeanSquared, true),
            ("dead or saturated fraction", "dead or saturated fraction at init", d => d.Dead ?? d.Saturated, false),
        ];
        var cells = summary.Cells.Select(c => c.Cell.Label).ToList();
        foreach (var (name, axis, value, log) in signals)
        {
            var points = runs.Select(r => (X: value(r.Result.Diagnostics), Y: r.Result.FinalAccuracy, Cell: r.Run.Cell.Index)).Where(p => p.X is double x && double.IsFinite(x)).ToList();
            if (points.Count == 0)
                continue;
            var rho = summary.Signals.First(s => s.Signal == name);
            var xAxis = log ? ProbeCharts.LogAxis(axis, points.Select(p => p.X!.Value)) : new Axis(axis, 0, Math.Max(0.05, points.Max(p => p.X!.Value) * 1.05));
            var chart = new SvgChart(string.Create(CultureInfo.InvariantCulture, $"{axis}: Spearman ρ = {(double.IsFinite(rho.Spearman) ? rho.Spearman.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")}"),
                xAxis, new Axis("final test accuracy", 0, 1), 560, 340);
            foreach (var group in points.GroupBy(p => summary.Cells[p.Cell].Cell.Settings.Init).Take(SvgChart.Palette.Count))
                chart.AddPoints(group.Key, [.. group.Select(p => p.X!.Value)], [.. group.Select(p => p.Y)]);
            yield return ($"One point per run, colored by initialization. ρ correlates {name} (distance from the healthy value) with the final accuracy over {rho.Runs} runs.", chart.ToSvg());
        }
    }

    static IReadOnlyList<IReadOnlyList<string>> SymmetryRows(IReadOnlyList<CellSummary> cells)
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "cell", "weight", "units", "largest distance between two units", "smallest distance", "mean ‖row‖" } };
        foreach (var c in cells)
            foreach (var layer in c.Results[0].Symmetry.Select(s => s.Parameter))
            {
                var per = c.Results.Select(r => r.Symmetry.FirstOrDefault(s => s.Parameter == layer)).Where(s => s is not null).Select(s => s!).ToList();
                rows.Add([c.Cell.Label, layer, per[0].Units.ToString(CultureInfo.InvariantCulture), Short(per.Max(s => s.MaxDistance)), Short(per.Min(s => s.MinDistance)),
                    Short(per.Average(s => s.MeanRowNorm))]);
            }
        return rows;
    }

    static bool IsConstant(string init)
    {
        string name = init.Split(':')[0].Trim().ToLowerInvariant();
        return name is "zeros" or "ones" or "constant";
    }

    static string Interval(MeanInterval m, string format) => m.Count == 0 || double.IsNaN(m.Mean) ? "n/a"
        : double.IsNaN(m.HalfWidth) ? m.Mean.ToString(format, CultureInfo.InvariantCulture)
        : $"{m.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {m.HalfWidth.ToString(format, CultureInfo.InvariantCulture)}";

    static string P(double p) => p < 1e-4 ? "< 0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    static string Short(double v) => ProbeCharts.Short(v);
}
