using System.Text.Json.Nodes;
using InitLab.Numerics;

namespace InitLab.Lab;

/// <summary>A cell's place in the ranking by mean final accuracy.</summary>
/// <param name="Rank">1 for the best.</param>
/// <param name="Summary">The cell.</param>
/// <param name="PValue">Welch's two-sided p against the best cell (null for the best itself; NaN with fewer than 2 seeds).</param>
/// <param name="AdjustedPValue">The same, Holm-corrected over the m − 1 comparisons with the best.</param>
public sealed record RankedCell(int Rank, CellSummary Summary, double? PValue, double? AdjustedPValue)
{
    /// <summary>Whether the cell is significantly worse than the best at level 0.05 after the correction.</summary>
    public bool WorseThanBest => AdjustedPValue is double p && p < ComparisonSummary.Alpha;
}

/// <summary>The statistics of a finished comparison: per-cell summaries, the ranking with Welch tests against the best, and which init-time signal predicts the outcome.</summary>
/// <param name="Outcome">The runs.</param>
/// <param name="Cells">Per-cell summaries, in grid order.</param>
/// <param name="Ranking">The cells from best to worst mean final accuracy (ties keep grid order).</param>
/// <param name="Pairwise">Holm-adjusted Welch p-values of every pair of cells [i, j] in grid order (1 on the diagonal).</param>
/// <param name="TotalSteps">The steps of a complete run.</param>
/// <param name="Window">Steps averaged by the smoothed loss.</param>
/// <param name="Signals">Spearman's ρ between each init-time signal and the final accuracy over all runs.</param>
public sealed record ComparisonSummary(ComparisonOutcome Outcome, IReadOnlyList<CellSummary> Cells, IReadOnlyList<RankedCell> Ranking, double[,] Pairwise,
    long TotalSteps, int Window, IReadOnlyList<SignalCorrelation> Signals)
{
    /// <summary>The significance level of <see cref="RankedCell.WorseThanBest"/>.</summary>
    public const double Alpha = 0.05;

    /// <summary>Summarizes <paramref name="outcome"/>.</summary>
    public static ComparisonSummary Of(ComparisonOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var grid = outcome.Grid;
        var completed = outcome.Runs.Where(r => r.Result.Status == RunStatus.Completed).ToList();
        long total = (completed.Count > 0 ? completed : outcome.Runs).Max(r => (long)r.Result.StepLosses.Count);
        int window = (int)Math.Clamp(total / 20, 1, 50);
        IReadOnlyList<long> steps = grid.LossAt.Count > 0 ? grid.LossAt : [.. new[] { total / 4, total / 2, total }.Where(s => s >= 1).Distinct()];
        var cells = outcome.Runs.GroupBy(r => r.Run.Cell.Index).OrderBy(g => g.Key)
            .Select(g => CellSummary.Of(g.First().Run.Cell, [.. g.Select(r => r.Result)], steps, window, grid.TargetLoss)).ToList();
        var ordered = cells.Select((c, i) => (c, i)).OrderByDescending(x => x.c.FinalAccuracy.Mean).ThenBy(x => x.i).Select(x => x.c).ToList();
        var best = Accuracies(ordered[0]);
        double[] raw = [.. ordered.Skip(1).Select(c => Welch.PValue(Accuracies(c), best))];
        double[] adjusted = Welch.Holm(raw);
        var ranking = ordered.Select((c, r) => new RankedCell(r + 1, c, r == 0 ? null : raw[r - 1], r == 0 ? null : adjusted[r - 1])).ToList();
        return new ComparisonSummary(outcome, cells, ranking, PairwiseHolm(cells), total, window, SignalCorrelation.All(outcome.Runs.Select(r => r.Result).ToList()));
    }

    static IReadOnlyList<double> Accuracies(CellSummary c) => [.. c.Results.Select(r => r.FinalAccuracy)];

    static double[,] PairwiseHolm(IReadOnlyList<CellSummary> cells)
    {
        int m = cells.Count;
        var pairs = new List<(int I, int J)>();
        for (int i = 0; i < m; i++)
            for (int j = i + 1; j < m; j++)
                pairs.Add((i, j));
        double[] adjusted = Welch.Holm([.. pairs.Select(p => Welch.PValue(Accuracies(cells[p.I]), Accuracies(cells[p.J])))]);
        var matrix = new double[m, m];
        for (int i = 0; i < m; i++)
            matrix[i, i] = 1;
        for (int k = 0; k < pairs.Count; k++)
            matrix[pairs[k].I, pairs[k].J] = matrix[pairs[k].J, pairs[k].I] = adjusted[k];
        return matrix;
    }

    /// <summary>The machine-readable summary (<c>summary.json</c>, <c>compare --json</c>).</summary>
    public JsonObject ToJson()
    {
        var o = Outcome;
        return new JsonObject
        {
            ["grid"] = o.Grid.Name,
            ["runs"] = o.Runs.Count,
            ["executed"] = o.Executed,
            ["seconds"] = o.Seconds,
            ["run_seconds"] = o.RunSeconds,
            ["all_run_seconds"] = o.AllRunSeconds,
            ["total_steps"] = TotalSteps,
            ["loss_window"] = Window,
            ["target_loss"] = o.Grid.TargetLoss,
            ["cells"] = new JsonArray([.. Ranking.Select(r => (JsonNode)CellJson(r))]),
            ["signals"] = new JsonArray([.. Signals.Select(s => (JsonNode)new JsonObject { ["signal"] = s.Signal, ["spearman"] = Number(s.Spearman), ["runs"] = s.Runs })]),
        };
    }

    JsonObject CellJson(RankedCell r)
    {
        var c = r.Summary;
        return new JsonObject
        {
            ["rank"] = r.Rank,
            ["cell"] = c.Cell.Key,
            ["label"] = c.Cell.Label,
            ["model"] = c.Cell.Settings.Model,
            ["init"] = c.Cell.Settings.Init,
            ["act"] = c.Cell.Settings.Activation,
            ["norm"] = c.Cell.Settings.Norm.ToString().ToLowerInvariant(),
            ["opt"] = c.Cell.Settings.Optimizer.ToString().ToLowerInvariant(),
            ["lr"] = c.Cell.Settings.LearningRate,
            ["start"] = c.Cell.Settings.StartLabel,
            ["seeds"] = c.Results.Count,
            ["diverged"] = c.Diverged,
            ["final_accuracy"] = Interval(c.FinalAccuracy),
            ["ema_accuracy"] = c.EmaAccuracy.Count > 0 ? Interval(c.EmaAccuracy) : null,
            ["swa_accuracy"] = c.SwaAccuracy.Count > 0 ? Interval(c.SwaAccuracy) : null,
            ["best_accuracy"] = Interval(c.BestAccuracy),
            ["train_accuracy"] = Interval(c.TrainAccuracy),
            ["clip_fraction"] = c.ClipFraction,
            ["loss_at"] = new JsonArray([.. c.LossAt.Select(l => (JsonNode)new JsonObject { ["step"] = l.Step, ["loss"] = Interval(l.Loss) })]),
            ["reached_target"] = c.Reached,
            ["steps_to_target"] = Interval(c.StepsToTarget),
            ["p_vs_best"] = Number(r.PValue),
            ["p_vs_best_holm"] = Number(r.AdjustedPValue),
            ["worse_than_best"] = r.WorseThanBest,
            ["init_diagnostics"] = new JsonObject
            {
                ["last_hidden_std"] = Number(c.LastHiddenStd),
                ["gradient_ratio_first_last"] = Number(c.GradientRatio),
                ["jacobian_mean_sq"] = Number(c.JacobianMeanSquared),
                ["dead"] = Number(c.Dead),
                ["saturated"] = Number(c.Saturated),
            },
        };
    }

    static JsonObject Interval(MeanInterval m) => new()
    {
        ["n"] = m.Count,
        ["mean"] = Number(m.Mean),
        ["std"] = Number(m.Std),
        ["ci95_low"] = Number(m.Mean - m.HalfWidth),
        ["ci95_high"] = Number(m.Mean + m.HalfWidth),
    };

    /// <summary>A JSON number, or null for NaN and ±∞ (which JSON cannot hold).</summary>
    static JsonNode? Number(double? value) => value is double v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
