using InitLab.Data;
using InitLab.Lab;
using InitLab.Models;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Lab;

/// <summary>The comparison lab end to end on the embedded data, with a model small enough that a run takes a fraction of a second.</summary>
public class ComparisonRunnerTests
{
    static readonly DataSplits Data = DataSource.Load(DataSource.Embedded);

    static ComparisonGrid Grid(string[] inits, int seeds = 2, long? steps = 30) => new ComparisonGrid
    {
        Template = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-16-10", Epochs = 1, Steps = steps, Batch = 256, Momentum = 0.9 },
        Blocks = [new GridAxes(["mlp:784-16-10"], inits, ["relu"], [Normalization.None], [OptimizerKind.Sgd], [0.5])],
        Seeds = seeds,
    }.Validate();

    /// <summary>The tensors of the run's final checkpoint, name → bytes (the metadata holds wall-clock times, which differ).</summary>
    static Dictionary<string, byte[]> FinalCheckpoint(RunStore store, GridRun run) => Tensors(Directory.GetFiles(store.RunPath(run), "epoch-*.safetensors").Single());

    static Dictionary<string, byte[]> Tensors(string path) => InitLab.IO.SafeTensors.Read(path).Tensors.ToDictionary(t => t.Name, t => t.Data);

    [Fact]
    public void Run_GivesTheBitsOfInitlabTrain_WithTheSameConfig_DespiteTheInitProbe()
    {
        using var dir = new TempDirectory();
        var grid = Grid(["he-normal"], seeds: 1, steps: null) with { Template = Grid(["he-normal"]).Template with { Steps = null, Epochs = 2 } };
        var store = RunStore.Create(dir.File("lab"), grid);
        var outcome = ComparisonRunner.Run(store, Data, threads: 1);
        var run = outcome.Runs.Single();

        var trainer = new Trainer(run.Run.Config, Data, threads: 2);
        var plain = RunDirectory.Create(dir.File("train"), run.Run.Config);
        while (trainer.CompletedEpochs < 2)
        {
            trainer.RunEpoch();
            plain.Save(trainer);
        }
        Assert.Equal(Tensors(Path.Combine(dir.File("train"), RunDirectory.CheckpointFile(2))), FinalCheckpoint(store, run.Run));
        Assert.Equal(trainer.History.Select(h => h.TestAccuracy), run.Result.Epochs.Select(e => e.TestAccuracy));
        Assert.Equal(trainer.StepLosses, run.Result.StepLosses);
        // Only the latest checkpoint is kept in the store.
        Assert.Single(Directory.GetFiles(store.RunPath(run.Run), "epoch-*.safetensors"));
    }

    [Fact]
    public void Parallel_GivesTheSameBitsAsSequential()
    {
        using var dir = new TempDirectory();
        var grid = Grid(["he-normal", "orthogonal"]);
        var one = RunStore.Create(dir.File("one"), grid);
        var two = RunStore.Create(dir.File("two"), grid);
        var a = ComparisonRunner.Run(one, Data, threads: 2, parallel: 1);
        var b = ComparisonRunner.Run(two, Data, threads: 2, parallel: 2);
        Assert.Equal(4, a.Executed);
        for (int i = 0; i < a.Runs.Count; i++)
        {
            Assert.Equal(FinalCheckpoint(one, a.Runs[i].Run), FinalCheckpoint(two, b.Runs[i].Run));
            Assert.Equal(a.Runs[i].Result.StepLosses, b.Runs[i].Result.StepLosses);
            Assert.Equal(a.Runs[i].Result.Diagnostics, b.Runs[i].Result.Diagnostics with { LayerStd = a.Runs[i].Result.Diagnostics.LayerStd, LayerGradStd = a.Runs[i].Result.Diagnostics.LayerGradStd });
            Assert.Equal(a.Runs[i].Result.Diagnostics.LayerStd, b.Runs[i].Result.Diagnostics.LayerStd);
        }
    }

    [Fact]
    public void Resume_AfterAnInterruption_SkipsFinishedRuns_AndContinuesThePartialOneBitIdentically()
    {
        using var dir = new TempDirectory();
        // Two epochs of 20 steps per run, so the interrupted run has a checkpoint to continue from.
        var grid = Grid(["he-normal", "glorot-uniform"], seeds: 1, steps: 40);
        var reference = RunStore.Create(dir.File("reference"), grid);
        var uninterrupted = ComparisonRunner.Run(reference, Data, threads: 1);

        var store = RunStore.Create(dir.File("interrupted"), grid);
        using var cancel = new CancellationTokenSource();
        var events = new ComparisonEvents { Step = (run, _, p) => { if (run.Cell.Index == 1 && p.Step == 30) cancel.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => ComparisonRunner.Run(store, Data, threads: 1, events: events, cancel: cancel.Token));
        Assert.NotNull(store.TryLoadResult(grid.Runs()[0]));
        Assert.Null(store.TryLoadResult(grid.Runs()[1]));
        Assert.True(File.Exists(Path.Combine(store.RunPath(grid.Runs()[1]), RunDirectory.CheckpointFile(1))));
        long firstResultTime = File.GetLastWriteTimeUtc(Path.Combine(store.RunPath(grid.Runs()[0]), RunStore.ResultFile)).Ticks;

        var resumed = ComparisonRunner.Run(RunStore.Open(dir.File("interrupted"), grid), Data, threads: 2);
        Assert.Equal(1, resumed.Executed);
        Assert.Equal(firstResultTime, File.GetLastWriteTimeUtc(Path.Combine(store.RunPath(grid.Runs()[0]), RunStore.ResultFile)).Ticks);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(FinalCheckpoint(reference, uninterrupted.Runs[i].Run), FinalCheckpoint(store, resumed.Runs[i].Run));
            Assert.Equal(uninterrupted.Runs[i].Result.StepLosses, resumed.Runs[i].Result.StepLosses);
        }
    }

    [Fact]
    public void DivergedRuns_AreCountedAtChance_NotDropped_AndRankedBelowHe()
    {
        using var dir = new TempDirectory();
        var grid = Grid(["he-normal", "normal:std=1"], seeds: 3, steps: 20) with
        {
            Template = Grid(["he-normal"]).Template with { Model = "mlp:784-64-64-10", Steps = 20 },
            Blocks = [new GridAxes(["mlp:784-64-64-10"], ["he-normal", "normal:std=1"], ["relu"], [Normalization.None], [OptimizerKind.Sgd], [0.5])],
        };
        var outcome = ComparisonRunner.Run(RunStore.Create(dir.Path, grid.Validate()), Data, threads: 2);
        var summary = ComparisonSummary.Of(outcome);
        var bad = summary.Cells.Single(c => c.Cell.Settings.Init == "normal:std=1");
        var diverged = bad.Results.Where(r => r.Status == RunStatus.Diverged).ToList();
        Assert.True(diverged.Count >= 1, "N(0, 1) with relu did not diverge");
        Assert.Equal(diverged.Count, bad.Diverged);
        Assert.Equal(3, bad.FinalAccuracy.Count);
        Assert.All(diverged, r => Assert.Equal(0.1, r.FinalAccuracy, 12));
        Assert.All(diverged, r => Assert.Contains("training diverged at step", r.Divergence));
        Assert.Equal(bad.Results.Average(r => r.FinalAccuracy), bad.FinalAccuracy.Mean, 12);
        Assert.Equal("he-normal", summary.Ranking[0].Summary.Cell.Settings.Init);
        Assert.InRange(summary.Ranking[1].AdjustedPValue!.Value, 1e-12, 1);
        // N(0, 1) explodes the activations at init: its last hidden std is orders of magnitude above He's.
        Assert.True(bad.LastHiddenStd > 100 * summary.Cells.Single(c => c.Cell.Settings.Init == "he-normal").LastHiddenStd);
    }

    [Fact]
    public void ConstantInit_KeepsEveryHiddenUnitIdentical_RandomInitDoesNot()
    {
        using var dir = new TempDirectory();
        var grid = new ComparisonGrid
        {
            Template = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-8-8-10", Steps = 20, Epochs = 1, Batch = 256 },
            Blocks = [new GridAxes(["mlp:784-8-8-10"], ["constant:value=0.05", "he-normal"], ["tanh"], [Normalization.None], [OptimizerKind.Sgd], [0.1])],
            Seeds = 1,
        }.Validate();
        var outcome = ComparisonRunner.Run(RunStore.Create(dir.Path, grid), Data, threads: 1);
        var constant = outcome.Runs.Single(r => r.Run.Cell.Settings.Init.StartsWith("constant")).Result;
        var random = outcome.Runs.Single(r => r.Run.Cell.Settings.Init == "he-normal").Result;
        Assert.Equal(RunStatus.Completed, constant.Status);
        foreach (string hidden in (string[])["layers.0.weight", "layers.2.weight"])
        {
            Assert.Equal(0, constant.Symmetry.Single(s => s.Parameter == hidden).MaxDistance);
            Assert.True(random.Symmetry.Single(s => s.Parameter == hidden).MinDistance > 0);
        }
        // The classifier's rows have different targets, so they do move apart.
        Assert.True(constant.Symmetry[^1].MaxDistance > 0);
    }

    [Fact]
    public void Create_RefusesADirectoryThatHoldsAComparison_AndOpenRefusesAnotherGrid()
    {
        using var dir = new TempDirectory();
        var grid = Grid(["he-normal"]);
        RunStore.Create(dir.Path, grid);
        string before = File.ReadAllText(Path.Combine(dir.Path, RunStore.GridFile));
        Assert.Contains("--resume", Assert.Throws<IOException>(() => RunStore.Create(dir.Path, grid)).Message);
        var e = Assert.Throws<ArgumentException>(() => RunStore.Open(dir.Path, Grid(["orthogonal"])));
        Assert.Contains("--init is 'he-normal' in the stored grid but 'orthogonal' here", e.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir.Path, RunStore.GridFile)));
    }
}
