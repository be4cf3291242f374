using InitLab.Data;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class EarlyStoppingTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    static EpochMetrics Epoch(int epoch, double valLoss) => new(epoch, epoch, 1, 0.5, 1, 0.5, 100, 1, valLoss, 0.5);

    static TrainingConfig Config(int epochs) => new()
    {
        Data = DataSource.Embedded,
        Model = "mlp:784-32-10",
        Epochs = epochs,
        Batch = 100,
        LearningRate = 0.1, // large enough that the validation loss rises within a few epochs
        Momentum = 0.9,
        Seed = 5,
        Validation = 0.1,
        Patience = 2,
        RestoreBest = true,
    };

    static byte[] Weights(Trainer t) =>
        [.. t.Model.Parameters.SelectMany(p => p.Value.ToArray()).Concat(t.Model.Buffers.SelectMany(b => b.Value.ToArray())).SelectMany(BitConverter.GetBytes)];

    [Fact]
    public void Observe_CountsEpochsWithoutAStrictlyLowerLoss_AndStopsAtThePatience()
    {
        var watcher = new EarlyStopping(patience: 2, restoreBest: false);
        double[] losses = [0.9, 0.7, 0.7, 0.8, 0.6, 0.65, 0.6];
        bool[] improved = [true, true, false, false, true, false, false];
        int[] wait = [0, 0, 1, 2, 0, 1, 2];
        bool[] stop = [false, false, false, true, false, false, true];
        for (int e = 0; e < losses.Length; e++)
        {
            Assert.Equal(improved[e], watcher.Observe(Epoch(e + 1, losses[e]), model: null));
            Assert.Equal(wait[e], watcher.Wait);
            Assert.Equal(stop[e], watcher.ShouldStop);
        }
        Assert.Equal(5, watcher.BestEpoch);
        Assert.Equal(0.6, watcher.BestLoss);
    }

    [Fact]
    public void WithoutPatience_NeverStops()
    {
        var watcher = new EarlyStopping(patience: null, restoreBest: false);
        for (int e = 1; e <= 20; e++)
            watcher.Observe(Epoch(e, e), model: null);
        Assert.False(watcher.ShouldStop);
        Assert.Equal(1, watcher.BestEpoch);
        Assert.Equal(19, watcher.Wait);
    }

    [Fact]
    public void Trainer_StopsEarly_AndRestoringTheBestWeights_ReproducesThatEpochsTestMetricsExactly()
    {
        var trainer = new Trainer(Config(epochs: 30), Embedded.Value, threads: 1);
        Assert.Equal(4500, trainer.TrainingSet.Count);
        Assert.Equal(500, trainer.ValidationSet!.Count);
        while (!trainer.Finished)
            trainer.RunEpoch();
        var watcher = trainer.EarlyStopping!;
        Assert.True(trainer.CompletedEpochs < 30, "the validation loss never stopped falling; raise the learning rate");
        Assert.Equal(trainer.CompletedEpochs - 2, watcher.BestEpoch);
        var best = trainer.History[watcher.BestEpoch - 1];
        Assert.Equal(trainer.History.Min(h => h.ValLoss), best.ValLoss);
        Assert.All(trainer.History, h => Assert.InRange(h.ValAccuracy, 0.5, 1));
        Assert.NotEqual(trainer.History[^1].TestLoss, best.TestLoss);
        Assert.Equal(watcher.BestEpoch, trainer.UseBestWeights());
        Assert.Equal((best.TestLoss, best.TestAccuracy), trainer.Evaluate());
    }

    [Fact]
    public void ResumedRun_RecomputesTheCounters_AndRestoresTheSameBestWeights()
    {
        var config = Config(epochs: 5) with { Patience = null };
        using var straightDir = new TempDirectory();
        using var resumedDir = new TempDirectory();
        var straight = new Trainer(config, Embedded.Value, threads: 1);
        var straightRun = RunDirectory.Create(straightDir.Path, config);
        while (!straight.Finished)
        {
            straight.RunEpoch();
            straightRun.Save(straight);
        }

        var first = new Trainer(config, Embedded.Value, threads: 2);
        var run = RunDirectory.Create(resumedDir.Path, config);
        for (int e = 0; e < 3; e++)
        {
            first.RunEpoch();
            run.Save(first);
        }
        var (reopened, saved) = RunDirectory.Open(resumedDir.Path);
        var resumed = new Trainer(saved, Embedded.Value, threads: 1);
        Assert.Equal(3, reopened.Restore(resumed));
        Assert.Equal(first.EarlyStopping!.BestEpoch, resumed.EarlyStopping!.BestEpoch);
        Assert.Equal(first.EarlyStopping.Wait, resumed.EarlyStopping.Wait);
        while (!resumed.Finished)
        {
            resumed.RunEpoch();
            reopened.Save(resumed);
        }
        Assert.Equal(Weights(straight), Weights(resumed));
        Assert.Equal(straight.History.Select(h => (h.ValLoss, h.ValAccuracy, h.TestLoss)), resumed.History.Select(h => (h.ValLoss, h.ValAccuracy, h.TestLoss)));
        Assert.Equal(straight.EarlyStopping!.BestEpoch, resumed.EarlyStopping.BestEpoch);
        straight.UseBestWeights();
        resumed.UseBestWeights();
        Assert.Equal(Weights(straight), Weights(resumed));
    }

    [Theory]
    [InlineData("--val = 1", 1.0, null, false)]
    [InlineData("--val = -0.5", -0.5, null, false)]
    [InlineData("--patience = 0", 0.1, 0, false)]
    [InlineData("--patience = 3 needs a validation split", 0.0, 3, false)]
    [InlineData("--restore-best needs a validation split", 0.0, null, true)]
    public void Validate_RejectsBadValues_AndOptionsThatNeedAValidationSplit(string message, double validation, int? patience, bool restoreBest)
    {
        var config = Config(1) with { Validation = validation, Patience = patience, RestoreBest = restoreBest };
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => config.Validate()).Message);
    }

    [Fact]
    public void UseBestWeights_WithoutRestoreBest_Throws()
    {
        var trainer = new Trainer(Config(1) with { RestoreBest = false }, Embedded.Value, threads: 1);
        trainer.RunEpoch();
        Assert.Contains("--restore-best", Assert.Throws<InvalidOperationException>(() => trainer.UseBestWeights()).Message);
    }
}
