using InitLab.Numerics;

namespace InitLab.Lab;

/// <summary>The smoothed training loss of a cell's runs at one step.</summary>
/// <param name="Step">The step (1-based).</param>
/// <param name="Loss">Mean and 95% interval over the runs that got there (diverged runs that stopped earlier do not).</param>
public sealed record LossAtStep(long Step, MeanInterval Loss);

/// <summary>What a cell's runs measured together: means and 95% intervals over seeds, and how many diverged.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Results">Its runs' results, in seed order.</param>
/// <param name="FinalAccuracy">The final test accuracy (a diverged run counts at chance, 1/classes).</param>
/// <param name="BestAccuracy">The best test accuracy over the epochs.</param>
/// <param name="LossAt">The smoothed training loss at the grid's fixed steps.</param>
/// <param name="Reached">How many runs reached the target loss.</param>
/// <param name="StepsToTarget">The steps they took (mean and interval over those runs; NaN when none did).</param>
/// <param name="LastHiddenStd">Init-time: the geometric mean over runs of the last hidden layer's activation std.</param>
/// <param name="GradientRatio">Init-time: the geometric mean of the gradient std ratio, first layer ÷ last.</param>
/// <param name="JacobianMeanSquared">Init-time: the geometric mean of the Jacobian's mean σ² (dense chains), or null.</param>
/// <param name="Dead">Init-time: the mean dead fraction at the last hidden layer, or null.</param>
/// <param name="Saturated">Init-time: the mean saturated fraction at the last hidden layer, or null.</param>
/// <param name="TrainAccuracy">The training accuracy of the last epoch, over the runs that did not diverge (beside the test accuracy: the generalization gap).</param>
/// <param name="EmaAccuracy">The final test accuracy of the runs' moving averages of the weights (<c>--ema</c>); no values without one.</param>
/// <param name="SwaAccuracy">The final test accuracy of the runs' stochastic weight averages (<c>--swa</c>); no values without one.</param>
/// <param name="ClipFraction">The fraction of all the runs' steps whose gradients were clipped (<c>--clip-norm</c>, <c>--clip-value</c>); 0 without clipping.</param>
public sealed record CellSummary(GridCell Cell, IReadOnlyList<RunResult> Results, MeanInterval FinalAccuracy, MeanInterval BestAccuracy,
    IReadOnlyList<LossAtStep> LossAt, int Reached, MeanInterval StepsToTarget, double LastHiddenStd, double GradientRatio, double? JacobianMeanSquared,
    double? Dead, double? Saturated, MeanInterval TrainAccuracy = default, double ClipFraction = 0, MeanInterval EmaAccuracy = default, MeanInterval SwaAccuracy = default)
{
    /// <summary>Runs that diverged.</summary>
    public int Diverged => Results.Count(r => r.Status == RunStatus.Diverged);

    /// <summary>Summarizes <paramref name="results"/>, the runs of <paramref name="cell"/>.</summary>
    /// <param name="cell">The cell.</param>
    /// <param name="results">Its runs' results.</param>
    /// <param name="lossSteps">The steps of <see cref="LossAt"/>.</param>
    /// <param name="window">Steps averaged by the smoothed loss.</param>
    /// <param name="target">The target loss.</param>
    public static CellSummary Of(GridCell cell, IReadOnlyList<RunResult> results, IReadOnlyList<long> lossSteps, int window, double target)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(lossSteps);
        var reached = results.Select(r => r.StepsToLoss(target, window)).Where(s => s is not null).Select(s => (double)s!.Value).ToList();
        var d = results.Select(r => r.Diagnostics).ToList();
        return new CellSummary(cell, results,
            MeanInterval.Of([.. results.Select(r => r.FinalAccuracy)]),
            MeanInterval.Of([.. results.Select(r => r.BestAccuracy)]),
            [.. lossSteps.Select(s => new LossAtStep(s, MeanInterval.Of([.. results.Select(r => r.LossAt(s, window)).Where(double.IsFinite)])))],
            reached.Count, MeanInterval.Of(reached),
            Geometric(d.Select(x => x.LastHiddenStd)), Geometric(d.Select(x => x.GradientRatio)),
            d.All(x => x.JacobianMeanSquared is not null) ? Geometric(d.Select(x => x.JacobianMeanSquared!.Value)) : null,
            d.All(x => x.Dead is not null) ? d.Average(x => x.Dead!.Value) : null,
            d.All(x => x.Saturated is not null) ? d.Average(x => x.Saturated!.Value) : null,
            MeanInterval.Of([.. results.Where(r => r.Status == RunStatus.Completed && r.Epochs.Count > 0).Select(r => r.Epochs[^1].TrainAccuracy)]),
            ClippedShare(results), Averages(results, e => e.EmaTestAccuracy), Averages(results, e => e.SwaTestAccuracy));
    }

    /// <summary>The mean and interval of <see cref="RunResult.AverageAccuracy"/> over the runs that kept the average (none: no values).</summary>
    static MeanInterval Averages(IReadOnlyList<RunResult> results, Func<Training.EpochMetrics, double> of) =>
        MeanInterval.Of([.. results.Select(r => r.AverageAccuracy(of)).Where(a => !double.IsNaN(a))]);

    /// <summary>Σ clipped steps / Σ steps over the runs' completed epochs; 0 when none completed.</summary>
    static double ClippedShare(IReadOnlyList<RunResult> results)
    {
        long clipped = results.Sum(r => r.Epochs.Sum(e => (long)e.ClippedSteps));
        long steps = results.Sum(r => r.Epochs.Count == 0 ? 0 : r.Epochs[^1].Step);
        return steps == 0 ? 0 : (double)clipped / steps;
    }

    /// <summary>exp(mean(log x)): the center of quantities that vary over orders of magnitude; 0 when one is 0, NaN when one is not finite.</summary>
    static double Geometric(IEnumerable<double> values) => Math.Exp(values.Average(Math.Log));
}
