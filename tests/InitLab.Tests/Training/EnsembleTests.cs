using InitLab.Data;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class EnsembleTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    static TrainingConfig Config(ulong seed) => new()
    {
        Data = DataSource.Embedded,
        Model = "mlp:784-16-10",
        Epochs = 1,
        Batch = 100,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = seed,
    };

    /// <summary>Trains one epoch into <paramref name="directory"/> and returns the trainer.</summary>
    static Trainer Train(TrainingConfig config, string directory)
    {
        var trainer = new Trainer(config, Embedded.Value, threads: 1);
        var run = RunDirectory.Create(directory, config);
        while (!trainer.Finished)
        {
            trainer.RunEpoch();
            run.Save(trainer);
        }
        return trainer;
    }

    [Fact]
    public void Ensemble_AveragesTheMembersProbabilities_AndScoresEachMemberLikeItsOwnRun()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var c = new TempDirectory();
        var trainers = new[] { Train(Config(1), a.Path), Train(Config(2), b.Path), Train(Config(3) with { Init = "glorot-uniform" }, c.Path) };
        var result = Ensemble.Evaluate([a.Path, b.Path, c.Path], threads: 1, _ => Embedded.Value);

        Assert.Equal(trainers.Select(t => t.History[^1].TestAccuracy), result.Members.Select(m => m.Accuracy));
        for (int m = 0; m < 3; m++)
            Assert.Equal(trainers[m].History[^1].TestLoss, result.Members[m].Loss, 1e-5);

        // The definition, recomputed here: p̄ = mean of the members' softmax rows; accuracy = argmax p̄ = label; loss = −mean log p̄[label].
        var probabilities = trainers.Select(t => t.TestProbabilities()).ToArray();
        var test = Embedded.Value.Test;
        int correct = 0;
        double nll = 0;
        for (int n = 0; n < test.Count; n++)
        {
            var mean = Enumerable.Range(0, 10).Select(k => probabilities.Average(p => (double)p[n * 10 + k])).ToArray();
            correct += Array.IndexOf(mean, mean.Max()) == test.Labels[n] ? 1 : 0;
            nll -= Math.Log(mean[test.Labels[n]]);
        }
        Assert.Equal((double)correct / test.Count, result.Accuracy);
        Assert.Equal(nll / test.Count, result.Loss, 1e-6);
        Assert.Equal(result.Members.Average(m => m.Accuracy), result.MeanMemberAccuracy);
    }

    [Fact]
    public void EnsembleOfOne_IsTheMember()
    {
        using var a = new TempDirectory();
        Train(Config(4), a.Path);
        var result = Ensemble.Evaluate([a.Path], threads: 1, _ => Embedded.Value);
        Assert.Equal(result.Members[0].Accuracy, result.Accuracy);
        Assert.Equal(result.Members[0].Loss, result.Loss, 1e-6);
    }

    [Fact]
    public void RestoreBestRun_IsScoredWithItsBestWeights()
    {
        using var a = new TempDirectory();
        var trainer = Train(Config(5) with { Epochs = 4, LearningRate = 0.1, Validation = 0.1, RestoreBest = true }, a.Path);
        var best = trainer.History[trainer.EarlyStopping!.BestEpoch - 1];
        Assert.Equal(best.TestAccuracy, Ensemble.Evaluate([a.Path], threads: 1, _ => Embedded.Value).Members[0].Accuracy);
    }

    [Fact]
    public void BadRunDirectories_AreRejected_NamingTheDirectory()
    {
        using var empty = new TempDirectory();
        using var untrained = new TempDirectory();
        RunDirectory.Create(untrained.Path, Config(1));
        Assert.Contains("at least one RUN_DIR", Assert.Throws<ArgumentException>(() => Ensemble.Evaluate([])).Message);
        Assert.Contains("no config.json", Assert.Throws<FileNotFoundException>(() => Ensemble.Evaluate([empty.Path])).Message);
        Assert.Contains("has no checkpoint yet", Assert.Throws<InvalidDataException>(() => Ensemble.Evaluate([untrained.Path], 1, _ => Embedded.Value)).Message);
        Assert.Contains("the same RUN_DIR twice", Assert.Throws<ArgumentException>(() => Ensemble.Evaluate([untrained.Path, untrained.Path])).Message);
    }
}
