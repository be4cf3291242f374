using InitLab.Data;
using InitLab.Models;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class TrainerTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    static TrainingConfig Config(string model, int epochs = 2) => new()
    {
        Data = DataSource.Embedded,
        Model = model,
        Epochs = epochs,
        Batch = 50,
        Optimizer = OptimizerKind.Sgd,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = 7,
    };

    static byte[] Weights(Trainer t) =>
        [.. t.Model.Parameters.SelectMany(p => p.Value.ToArray()).Concat(t.Model.Buffers.SelectMany(b => b.Value.ToArray())).SelectMany(BitConverter.GetBytes)];

    static void TrainAll(Trainer t)
    {
        while (t.CompletedEpochs < t.Config.Epochs)
            t.RunEpoch();
    }

    [Fact]
    public void EmbeddedMlp_LearnsFashionMnist_InTwoEpochs()
    {
        var trainer = new Trainer(Config("mlp:784-64-10") with { Optimizer = OptimizerKind.Adam, LearningRate = 1e-3, Momentum = 0 }, Embedded.Value, threads: 1);
        TrainAll(trainer);
        var last = trainer.History[^1];
        Assert.True(last.TestAccuracy >= 0.75, $"test accuracy {last.TestAccuracy}");
        Assert.True(last.TrainLoss < trainer.History[0].TrainLoss, "the training loss did not fall");
        Assert.Equal(2 * trainer.BatchesPerEpoch, last.Step);
    }

    [Fact]
    public void SameConfig_GivesBitIdenticalWeightsAndMetrics_ForOneAndTwoThreads()
    {
        // Convolution, batch norm, pooling and dropout: every kernel whose work is split across threads.
        var config = Config("cnn:c4-p-f16-10", epochs: 1) with { Norm = Normalization.Batch, Dropout = 0.2 };
        var one = new Trainer(config, Embedded.Value, threads: 1);
        var two = new Trainer(config, Embedded.Value, threads: 2);
        TrainAll(one);
        TrainAll(two);
        Assert.Equal(Weights(one), Weights(two));
        Assert.Equal(one.History[0] with { SamplesPerSecond = 0, Seconds = 0 }, two.History[0] with { SamplesPerSecond = 0, Seconds = 0 });
    }

    [Fact]
    public void RunInterruptedMidEpoch_AndResumedFromItsCheckpoint_EndsBitIdentical()
    {
        var config = Config("mlp:784-32-10", epochs: 3) with { Norm = Normalization.Batch, Dropout = 0.3, WeightDecay = 1e-4 };
        using var straightDir = new TempDirectory();
        using var interruptedDir = new TempDirectory();
        var straight = new Trainer(config, Embedded.Value, threads: 1);
        var straightRun = RunDirectory.Create(straightDir.Path, config);
        while (straight.CompletedEpochs < config.Epochs)
        {
            straight.RunEpoch();
            straightRun.Save(straight);
        }

        var interrupted = new Trainer(config, Embedded.Value, threads: 2);
        var run = RunDirectory.Create(interruptedDir.Path, config);
        interrupted.RunEpoch();
        run.Save(interrupted);
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => interrupted.RunEpoch(p =>
        {
            if (p.Batch == 37)
                cancel.Cancel();
        }, cancel.Token));
        Assert.Equal(1, run.LatestEpoch());

        var (reopened, saved) = RunDirectory.Open(interruptedDir.Path);
        var resumed = new Trainer(saved, Embedded.Value, threads: 1);
        Assert.Equal(1, reopened.Restore(resumed));
        while (resumed.CompletedEpochs < config.Epochs)
        {
            resumed.RunEpoch();
            reopened.Save(resumed);
        }
        Assert.Equal(Weights(straight), Weights(resumed));
        Assert.Equal(straight.Step, resumed.Step);
        Assert.Equal(straight.History.Select(h => (h.TrainLoss, h.TestAccuracy)), resumed.History.Select(h => (h.TrainLoss, h.TestAccuracy)));
        // Every tensor of the final checkpoint (weights, buffers, optimizer state) is bit-identical; the metadata's
        // history holds timings (samples/s, seconds), so the files' lengths may differ.
        Assert.Equal(CheckpointTensors(straightDir.Path), CheckpointTensors(interruptedDir.Path));
    }

    static IEnumerable<(string, byte[])> CheckpointTensors(string directory) =>
        InitLab.IO.SafeTensors.Read(Path.Combine(directory, RunDirectory.CheckpointFile(3))).Tensors.Select(t => (t.Name, t.Data));

    [Fact]
    public void NaNInAWeight_StopsTraining_NamingTheFirstLayerAndStep_AndKeepsTheLastCheckpoint()
    {
        var config = Config("mlp:784-16-16-10", epochs: 2);
        using var dir = new TempDirectory();
        var trainer = new Trainer(config, Embedded.Value, threads: 1);
        var run = RunDirectory.Create(dir.Path, config);
        trainer.RunEpoch();
        run.Save(trainer);
        var checkpoint = File.ReadAllBytes(Path.Combine(dir.Path, RunDirectory.CheckpointFile(1)));
        trainer.Model.Parameters.Single(p => p.Name == "layers.2.weight").Value.Span[5] = float.NaN;
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.RunEpoch());
        Assert.Equal("layers.2", e.Where);
        Assert.Equal(trainer.BatchesPerEpoch, e.Step);
        Assert.Contains($"step {trainer.BatchesPerEpoch}", e.Message);
        Assert.Contains("layers.2 (linear)", e.Message);
        Assert.Contains("NaN", e.Message);
        Assert.Equal(1, run.LatestEpoch());
        Assert.Equal(checkpoint, File.ReadAllBytes(Path.Combine(dir.Path, RunDirectory.CheckpointFile(1))));
    }

    [Fact]
    public void ExplodingLearningRate_IsReported_AsNonFinite()
    {
        var trainer = new Trainer(Config("mlp:784-16-10", epochs: 1) with { LearningRate = 1e30, Momentum = 0 }, Embedded.Value, threads: 1);
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.RunEpoch());
        Assert.StartsWith("training diverged at step ", e.Message);
        Assert.Matches("(NaN|∞)", e.Message);
    }

    [Fact]
    public void Checkpoint_OfAnotherConfig_IsRejected()
    {
        var config = Config("mlp:784-8-10", epochs: 1);
        using var dir = new TempDirectory();
        var trainer = new Trainer(config, Embedded.Value, threads: 1);
        trainer.RunEpoch();
        string path = Path.Combine(dir.Path, "c.safetensors");
        Checkpoint.Save(trainer, path);
        var other = new Trainer(config with { LearningRate = 0.1 }, Embedded.Value, threads: 1);
        Assert.Contains("another run configuration", Assert.Throws<InvalidDataException>(() => Checkpoint.Restore(other, path)).Message);
        var same = new Trainer(config, Embedded.Value, threads: 1);
        Assert.Equal(1, Checkpoint.Restore(same, path));
        Assert.Equal(Weights(trainer), Weights(same));
    }

    [Fact]
    public void ModelClasses_MustMatchTheData()
    {
        Assert.Contains("end the spec with 10", Assert.Throws<ArgumentException>(() => new Trainer(Config("mlp:784-8-5"), Embedded.Value, threads: 1)).Message);
        Assert.Contains("start the spec with 784", Assert.Throws<ArgumentException>(() => new Trainer(Config("mlp:100-8-10"), Embedded.Value, threads: 1)).Message);
    }
}
