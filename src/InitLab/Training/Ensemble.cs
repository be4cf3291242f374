using InitLab.Data;

namespace InitLab.Training;

/// <summary>One run of an ensemble, measured alone on the test set.</summary>
/// <param name="Path">The run directory.</param>
/// <param name="Config">The run's config.</param>
/// <param name="Epoch">The epoch of the checkpoint loaded (with <c>--restore-best</c>, the best epoch's weights are used).</param>
/// <param name="Accuracy">The member's test accuracy: the fraction of images whose most probable class is the label.</param>
/// <param name="Loss">The member's mean test negative log-likelihood, −(1/N)·Σ_n log p(y_n | x_n).</param>
public sealed record EnsembleMember(string Path, TrainingConfig Config, int Epoch, double Accuracy, double Loss);

/// <summary>What averaging the members' predictions gives on the test set.</summary>
/// <param name="Members">Each member alone.</param>
/// <param name="Accuracy">The ensemble's test accuracy (argmax of the averaged probabilities).</param>
/// <param name="Loss">The ensemble's mean test negative log-likelihood of the averaged probabilities.</param>
/// <param name="Images">Test images.</param>
public sealed record EnsembleResult(IReadOnlyList<EnsembleMember> Members, double Accuracy, double Loss, int Images)
{
    /// <summary>The mean of the members' accuracies.</summary>
    public double MeanMemberAccuracy => Members.Average(m => m.Accuracy);

    /// <summary>The best member's accuracy.</summary>
    public double BestMemberAccuracy => Members.Max(m => m.Accuracy);
}

/// <summary>Averages the softmax predictions of several trained runs on the test set (a uniform ensemble, e.g. of seeds or inits).</summary>
/// <remarks>
/// p̄(c | x) = (1/M)·Σ_m softmax(z_m(x))_c; the prediction is argmax_c p̄ (ties go to the smaller class, as for a single model)
/// and the loss −log p̄(y | x). Averaging probabilities rather than logits is the "deep ensembles" rule
/// (Lakshminarayanan, Pritzel &amp; Blundell 2017). Every member must have been trained on the same data, so that they are scored
/// on the same test images.
/// </remarks>
public static class Ensemble
{
    /// <summary>Loads each run directory's last checkpoint and scores the members and their average on the test set.</summary>
    /// <param name="runDirectories">Directories written by <c>initlab train --out</c> (or by the comparison lab).</param>
    /// <param name="threads">Worker threads for the forward passes; the numbers do not depend on it.</param>
    /// <param name="load">Resolves a <c>--data</c> value; <see cref="DataSource.Load(string, PixelScaling)"/> by default.</param>
    /// <exception cref="ArgumentException">No directory is given, a directory repeats, or the members were trained on different data.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">A directory has no config.json.</exception>
    /// <exception cref="InvalidDataException">A directory has no checkpoint, or its checkpoint does not fit its config.</exception>
    public static EnsembleResult Evaluate(IReadOnlyList<string> runDirectories, int threads = 0, Func<string, DataSplits>? load = null)
    {
        ArgumentNullException.ThrowIfNull(runDirectories);
        if (runDirectories.Count == 0)
            throw new ArgumentException("ensemble needs at least one RUN_DIR (a directory written by 'initlab train --out').");
        if (runDirectories.Select(Path.GetFullPath).Distinct().Count() != runDirectories.Count)
            throw new ArgumentException($"ensemble got the same RUN_DIR twice ({string.Join(", ", runDirectories)}); give each run once.");
        load ??= data => DataSource.Load(data);
        var members = new List<EnsembleMember>();
        double[]? sum = null;
        DataSplits? data = null;
        string? dataName = null;
        foreach (string directory in runDirectories)
        {
            var (run, config) = RunDirectory.Open(directory, "RUN_DIR");
            if (dataName is null)
                (dataName, data) = (config.Data, load(config.Data));
            else if (config.Data != dataName)
                throw new ArgumentException($"'{directory}' was trained on --data {config.Data}, but '{runDirectories[0]}' on --data {dataName}; an ensemble's members must share the test set.");
            var trainer = new Trainer(config, data!, threads);
            int epoch = run.Restore(trainer);
            if (epoch == 0)
                throw new InvalidDataException($"'{directory}' has no checkpoint yet; train it for at least one epoch.");
            if (config.RestoreBest)
                trainer.UseBestWeights();
            var p = trainer.TestProbabilities();
            sum ??= new double[p.Length];
            for (int i = 0; i < p.Length; i++)
                sum[i] += p[i];
            var (accuracy, loss) = Score(p, data!.Test);
            members.Add(new EnsembleMember(directory, config, epoch, accuracy, loss));
        }
        var mean = sum!.Select(v => (float)(v / members.Count)).ToArray();
        var (ensembleAccuracy, ensembleLoss) = Score(mean, data!.Test);
        return new EnsembleResult(members, ensembleAccuracy, ensembleLoss, data.Test.Count);
    }

    /// <summary>The accuracy and mean negative log-likelihood of probabilities [N × C] against <paramref name="test"/>'s labels.</summary>
    internal static (double Accuracy, double Loss) Score(ReadOnlySpan<float> probabilities, Dataset test)
    {
        int classes = test.Classes, correct = 0;
        double nll = 0;
        var labels = test.Labels;
        for (int n = 0; n < test.Count; n++)
        {
            var row = probabilities.Slice(n * classes, classes);
            correct += System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == labels[n] ? 1 : 0;
            nll -= Math.Log(row[labels[n]]);
        }
        return ((double)correct / test.Count, nll / test.Count);
    }
}
