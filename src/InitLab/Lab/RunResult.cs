using System.Text.Json;
using InitLab.Training;

namespace InitLab.Lab;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Every step was taken.</summary>
    Completed,

    /// <summary>The loss, an activation or a gradient became NaN or ±∞; the run stopped there.</summary>
    Diverged,
}

/// <summary>What one finished run of a grid measured; saved as <c>result.json</c> in its run directory.</summary>
/// <param name="Status">Completed or diverged.</param>
/// <param name="DivergedAtStep">The step at which the run diverged (0-based), or null.</param>
/// <param name="Divergence">The divergence report (where the first non-finite value appeared), or null.</param>
/// <param name="Classes">The class count: a diverged run's accuracy is chance, 1/classes.</param>
/// <param name="Epochs">The metrics of every completed epoch (the last one may be cut short by a step budget).</param>
/// <param name="StepLosses">The training loss of every step taken.</param>
/// <param name="Diagnostics">The init-time probe.</param>
/// <param name="Symmetry">The distances between units of every weight after training.</param>
/// <param name="Seconds">The run's own wall time: building and initializing the model, the probe, training, evaluation and checkpoints.</param>
public sealed record RunResult(RunStatus Status, long? DivergedAtStep, string? Divergence, int Classes, IReadOnlyList<EpochMetrics> Epochs, IReadOnlyList<float> StepLosses,
    InitDiagnostics Diagnostics, IReadOnlyList<UnitSymmetry> Symmetry, double Seconds)
{
    /// <summary>The test accuracy after the last step; chance (1/classes) for a diverged run, whose weights are unusable.</summary>
    public double FinalAccuracy => Status == RunStatus.Diverged || Epochs.Count == 0 ? 1.0 / Classes : Epochs[^1].TestAccuracy;

    /// <summary>The last epoch's test accuracy of a weight average (<c>--ema</c>: <see cref="EpochMetrics.EmaTestAccuracy"/>, <c>--swa</c>: <see cref="EpochMetrics.SwaTestAccuracy"/>); chance for a diverged run, NaN when the run kept no such average.</summary>
    /// <remarks>A method, not a property, so that result.json stays as it was.</remarks>
    public double AverageAccuracy(Func<EpochMetrics, double> of)
    {
        ArgumentNullException.ThrowIfNull(of);
        return Status == RunStatus.Diverged ? 1.0 / Classes : Epochs.Count == 0 ? double.NaN : of(Epochs[^1]);
    }

    /// <summary>The best test accuracy over the epochs; chance when no epoch finished.</summary>
    public double BestAccuracy => Epochs.Count == 0 ? 1.0 / Classes : Math.Max(Epochs.Max(e => e.TestAccuracy), Status == RunStatus.Diverged ? 1.0 / Classes : 0);

    /// <summary>The training loss at step <paramref name="step"/> (1-based), smoothed: the mean over the <paramref name="window"/> steps ending there; NaN when the run did not get there.</summary>
    public double LossAt(long step, int window)
    {
        if (step < 1 || step > StepLosses.Count)
            return double.NaN;
        int from = (int)Math.Max(0, step - window);
        double sum = 0;
        for (int i = from; i < step; i++)
            sum += StepLosses[i];
        return sum / (step - from);
    }

    /// <summary>The first step (1-based) at which <see cref="LossAt"/> is ≤ <paramref name="target"/>, or null when it never is.</summary>
    public long? StepsToLoss(double target, int window)
    {
        double sum = 0;
        for (int i = 0; i < StepLosses.Count; i++)
        {
            sum += StepLosses[i];
            if (i >= window)
                sum -= StepLosses[i - window];
            if (sum / Math.Min(i + 1, window) <= target)
                return i + 1;
        }
        return null;
    }

    /// <summary>The result.json text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ComparisonGrid.Json);

    /// <summary>Reads result.json.</summary>
    /// <exception cref="InvalidDataException">The text is not a run result.</exception>
    public static RunResult FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<RunResult>(json, ComparisonGrid.Json) ?? throw new InvalidDataException($"{source}: the result is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid run result ({e.Message}).");
        }
    }
}
