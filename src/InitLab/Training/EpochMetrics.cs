using System.Globalization;
using System.Text.Json.Nodes;

namespace InitLab.Training;

/// <summary>What one epoch measured.</summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="Step">Optimizer steps taken by the end of the epoch.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's batches (weighted by batch size).</param>
/// <param name="TrainAccuracy">The fraction of training images classified correctly during the epoch.</param>
/// <param name="TestLoss">The mean loss on the test set after the epoch (evaluation mode).</param>
/// <param name="TestAccuracy">The test accuracy after the epoch.</param>
/// <param name="SamplesPerSecond">Training images per second (forward, backward and optimizer step).</param>
/// <param name="Seconds">Wall-clock seconds for the epoch, evaluation included.</param>
/// <param name="ValLoss">The mean loss on the validation split (<c>--val</c>) after the epoch, or NaN without one.</param>
/// <param name="ValAccuracy">The validation accuracy after the epoch, or NaN without a validation split.</param>
/// <param name="TestBalancedAccuracy">The mean over classes of the per-class test accuracy (NaN in rows written before it was kept).</param>
/// <param name="ClippedSteps">The epoch's steps whose gradients were clipped (<c>--clip-norm</c>, <c>--clip-value</c>; <see cref="GradientClipping"/>).</param>
/// <param name="ClipFraction"><see cref="ClippedSteps"/> over the epoch's steps (NaN in rows written before it was kept).</param>
/// <param name="GradNormMean">The mean over the epoch's steps of the global gradient L2 norm before clipping (NaN in rows written before it was kept).</param>
/// <param name="GradNormMax">The largest global gradient L2 norm before clipping in the epoch (NaN in rows written before it was kept).</param>
/// <param name="EmaTestLoss">The test loss of the moving average of the weights (<c>--ema</c>), or NaN without one.</param>
/// <param name="EmaTestAccuracy">The test accuracy of the moving average of the weights (<c>--ema</c>), or NaN without one; <see cref="TestAccuracy"/> stays the last iterate's.</param>
/// <param name="SwaTestLoss">The test loss of the stochastic weight average (<c>--swa</c>), with its recomputed batch-norm statistics, or NaN before averaging starts and without one.</param>
/// <param name="SwaTestAccuracy">The test accuracy of the stochastic weight average (<c>--swa</c>), or NaN before averaging starts and without one.</param>
/// <remarks><see cref="TrainLoss"/> is the data loss alone: an <c>--l1</c>/<c>--l2</c> penalty is optimized but not included, so runs with different λ compare on one scale; with <c>--label-smoothing</c> it is the smoothed cross-entropy.</remarks>
public sealed record EpochMetrics(int Epoch, long Step, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy,
    double SamplesPerSecond, double Seconds, double ValLoss = double.NaN, double ValAccuracy = double.NaN, double TestBalancedAccuracy = double.NaN,
    int ClippedSteps = 0, double ClipFraction = double.NaN, double GradNormMean = double.NaN, double GradNormMax = double.NaN,
    double EmaTestLoss = double.NaN, double EmaTestAccuracy = double.NaN, double SwaTestLoss = double.NaN, double SwaTestAccuracy = double.NaN)
{
    /// <summary>The CSV header matching <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,samples_per_sec,seconds,val_loss,val_accuracy,test_balanced_accuracy," +
                                    "clipped_steps,clip_fraction,grad_norm_mean,grad_norm_max,ema_test_loss,ema_test_accuracy,swa_test_loss,swa_test_accuracy";

    /// <summary>Whether the run had a validation split.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasValidation => !double.IsNaN(ValLoss);

    /// <summary>One CSV row; losses and accuracies with round-trip precision.</summary>
    public string ToCsv() => string.Join(",", Epoch.ToString(CultureInfo.InvariantCulture), Step.ToString(CultureInfo.InvariantCulture),
        R(TrainLoss), R(TrainAccuracy), R(TestLoss), R(TestAccuracy), SamplesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
        Seconds.ToString("F3", CultureInfo.InvariantCulture), R(ValLoss), R(ValAccuracy), R(TestBalancedAccuracy),
        ClippedSteps.ToString(CultureInfo.InvariantCulture), R(ClipFraction), R(GradNormMean), R(GradNormMax), R(EmaTestLoss), R(EmaTestAccuracy),
        R(SwaTestLoss), R(SwaTestAccuracy));

    /// <summary>The JSON object printed by <c>initlab train --json</c>; <c>val_loss</c> and <c>val_accuracy</c> only with a validation split, the clipping and gradient-norm keys when measured.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["epoch"] = Epoch,
            ["step"] = Step,
            ["train_loss"] = TrainLoss,
            ["train_accuracy"] = TrainAccuracy,
            ["test_loss"] = TestLoss,
            ["test_accuracy"] = TestAccuracy,
            ["samples_per_sec"] = SamplesPerSecond,
            ["seconds"] = Seconds,
        };
        if (!double.IsNaN(TestBalancedAccuracy))
            o["test_balanced_accuracy"] = TestBalancedAccuracy;
        if (!double.IsNaN(GradNormMean))
        {
            o["clipped_steps"] = ClippedSteps;
            o["clip_fraction"] = ClipFraction;
            o["grad_norm_mean"] = GradNormMean;
            o["grad_norm_max"] = GradNormMax;
        }
        if (!double.IsNaN(EmaTestAccuracy))
            (o["ema_test_loss"], o["ema_test_accuracy"]) = (EmaTestLoss, EmaTestAccuracy);
        if (!double.IsNaN(SwaTestAccuracy))
            (o["swa_test_loss"], o["swa_test_accuracy"]) = (SwaTestLoss, SwaTestAccuracy);
        if (HasValidation)
        {
            o["val_loss"] = ValLoss;
            o["val_accuracy"] = ValAccuracy;
        }
        return o;
    }

    /// <summary>Reads a row written by <see cref="ToCsv"/>.</summary>
    /// <remarks>Rows written before the validation, balanced-accuracy, clipping, EMA and SWA columns existed have eight, ten, eleven, fifteen or seventeen fields; the missing ones read as NaN (0 clipped steps).</remarks>
    /// <exception cref="InvalidDataException">The row does not have eight, ten, eleven, fifteen, seventeen or nineteen numeric fields.</exception>
    public static EpochMetrics FromCsv(string row)
    {
        var f = row.Split(',');
        try
        {
            if (f.Length is not (8 or 10 or 11 or 15 or 17 or 19))
                throw new FormatException($"{f.Length} fields");
            double D(int i) => i < f.Length ? double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture) : double.NaN;
            return new EpochMetrics(int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), D(2), D(3), D(4), D(5), D(6), D(7),
                D(8), D(9), D(10), f.Length >= 15 ? int.Parse(f[11], CultureInfo.InvariantCulture) : 0, D(12), D(13), D(14), D(15), D(16), D(17), D(18));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"metrics row '{row}' is not {CsvHeader} ({e.Message}).");
        }
    }

    static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
