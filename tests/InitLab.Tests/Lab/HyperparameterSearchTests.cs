using InitLab.Data;
using InitLab.Lab;
using InitLab.Random;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Lab;

public class HyperparameterSearchTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    static SearchSpace Space(SearchMethod method = SearchMethod.Sha, int trials = 5) => new(
        new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-8-10", Batch = 250, Momentum = 0.9, Validation = 0.1, Seed = 1 },
        method, trials, Seed: 7, LearningRate: (0.001, 0.3), Inits: ["glorot-uniform", "orthogonal"], Gain: (0.5, 2), WeightDecay: (1e-5, 1e-2),
        Epochs: 2, MinEpochs: 1, Eta: 2);

    [Fact]
    public void Trials_FollowTheDocumentedDraws_AndStayInTheirRanges()
    {
        var space = Space(trials: 50);
        var trials = space.SampleTrials().ToList();
        Assert.Equal(trials, space.SampleTrials());
        var (w0, w1, w2, w3) = IndexKey.Block(new RandomStream(7, "search"), 3);
        var third = trials[3];
        Assert.Equal(Math.Exp(Math.Log(0.001) + w0 / 4294967296.0 * (Math.Log(0.3) - Math.Log(0.001))), third.LearningRate, 12);
        Assert.Equal(space.Inits[IndexKey.Below(w1, 2)], third.Init);
        Assert.Equal(0.5 + w2 / 4294967296.0 * 1.5, third.Gain, 12);
        Assert.Equal(Math.Exp(Math.Log(1e-5) + w3 / 4294967296.0 * (Math.Log(1e-2) - Math.Log(1e-5))), third.WeightDecay, 12);
        Assert.All(trials, t => Assert.InRange(t.LearningRate, 0.001, 0.3));
        Assert.All(trials, t => Assert.InRange(t.Gain, 0.5, 2));
        Assert.Equal(2, trials.Select(t => t.Init).Distinct().Count());
        // Log-uniform: about half the learning rates below the geometric mean √(0.001·0.3).
        Assert.InRange(trials.Count(t => t.LearningRate < Math.Sqrt(0.001 * 0.3)), 15, 35);
    }

    [Fact]
    public void SuccessiveHalving_KeepsTheBestHalfByValidationAccuracy_AndDoublesTheBudget()
    {
        using var dir = new TempDirectory();
        var rungs = HyperparameterSearch.Run(Space(), dir.Path, Embedded.Value, threads: 1);
        Assert.Equal(2, rungs.Count);
        Assert.Equal(5, rungs[0].Count);
        Assert.Equal(3, rungs[1].Count); // ⌈5/2⌉
        Assert.All(rungs[0], e => Assert.Equal(1, e.Epochs));
        Assert.All(rungs[1], e => Assert.Equal(2, e.Epochs));
        var promoted = rungs[0].Take(3).Select(e => e.Trial.Index).Order();
        Assert.Equal(promoted, rungs[1].Select(e => e.Trial.Index).Order());
        Assert.All(rungs[0].Zip(rungs[0].Skip(1)), p => Assert.True(p.First.ValAccuracy >= p.Second.ValAccuracy));
        // The runs live in the comparison lab's run store: one grid per rung, each run a train run directory.
        var store = RunStore.Open(Path.Combine(dir.Path, "rung-1"), null);
        Assert.Equal("search-rung-1", store.Grid.Name);
        Assert.Equal(3, store.Grid.Runs().Count);
        var first = store.Grid.Runs()[0];
        Assert.Equal(rungs[1].Single(e => e.Trial.Index == promoted.First()).Trial.WeightDecay, first.Config.WeightDecay);
        // A trial's rung-0 result is what training its config alone gives.
        var entry = rungs[0].First();
        var alone = new Trainer(Space().Template with { Epochs = 1, LearningRate = entry.Trial.LearningRate, Init = entry.Trial.InitText, WeightDecay = entry.Trial.WeightDecay }, Embedded.Value, threads: 1);
        alone.RunEpoch();
        Assert.Equal(alone.History[0].ValAccuracy, entry.ValAccuracy);
    }

    [Fact]
    public void Rerun_ResumesWithoutTraining_AndAnotherSpaceIsRejected()
    {
        using var dir = new TempDirectory();
        var first = HyperparameterSearch.Run(Space(SearchMethod.Random, 3), dir.Path, Embedded.Value, threads: 1);
        Assert.Single(first);
        Assert.All(first[0], e => Assert.Equal(2, e.Epochs));
        var stamps = Directory.GetFiles(dir.Path, "result.json", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc).ToList();
        var again = HyperparameterSearch.Run(Space(SearchMethod.Random, 3), dir.Path, Embedded.Value, threads: 1);
        Assert.Equal(first[0].Select(e => (e.Trial, e.ValAccuracy)), again[0].Select(e => (e.Trial, e.ValAccuracy)));
        Assert.Equal(stamps, Directory.GetFiles(dir.Path, "result.json", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc));
        Assert.StartsWith("--inits he-normal: ", Assert.Throws<ArgumentException>(() => HyperparameterSearch.Run(Space() with { Inits = ["he-normal"] }, dir.Path, Embedded.Value, 1)).Message);
        Assert.Contains("holds another search", Assert.Throws<ArgumentException>(() => HyperparameterSearch.Run(Space(SearchMethod.Random, 4), dir.Path, Embedded.Value, 1)).Message);
    }

    [Fact]
    public void Validate_RejectsBadSpaces_NamingTheOption()
    {
        var s = Space();
        Assert.StartsWith("--trials = 0 is not allowed", Assert.Throws<ArgumentException>(() => (s with { Trials = 0 }).Validate()).Message);
        Assert.StartsWith("--lr = 0:0.1 is not allowed", Assert.Throws<ArgumentException>(() => (s with { LearningRate = (0, 0.1) }).Validate()).Message);
        Assert.StartsWith("--gain = 2:1 is not allowed", Assert.Throws<ArgumentException>(() => (s with { Gain = (2, 1) }).Validate()).Message);
        Assert.StartsWith("--weight-decay = 0:0.1 is not allowed", Assert.Throws<ArgumentException>(() => (s with { WeightDecay = (0, 0.1) }).Validate()).Message);
        Assert.StartsWith("--eta = 1 is not allowed", Assert.Throws<ArgumentException>(() => (s with { Eta = 1 }).Validate()).Message);
        Assert.StartsWith("--min-epochs = 3 is not allowed", Assert.Throws<ArgumentException>(() => (s with { MinEpochs = 3 }).Validate()).Message);
        Assert.Contains("never the test set", Assert.Throws<ArgumentException>(() => (s with { Template = s.Template with { Validation = 0 } }).Validate()).Message);
        (s with { WeightDecay = (0, 0) }).Validate();
    }
}
