using InitLab.Lab;
using InitLab.Models;
using InitLab.Training;

namespace InitLab.Tests.Lab;

public class ComparisonGridTests
{
    static ComparisonGrid Grid(params GridAxes[] blocks) => new()
    {
        Template = new TrainingConfig { Data = "embedded", Model = "mlp:784-10", Epochs = 2, Momentum = 0.9 },
        Blocks = blocks,
        Seeds = 2,
        FirstSeed = 5,
    };

    static GridAxes Axes(string[] models, string[] inits, Normalization[] norms, OptimizerSpec[] opts) => new(models, inits, ["relu"], norms, opts, [0.01]);

    [Fact]
    public void Cells_AreTheUnionOfTheBlocks_WithoutRepeats_AndRunsCarryConsecutiveSeeds()
    {
        var grid = Grid(
            Axes(["mlp:784-32-10"], ["he-normal", "orthogonal"], [Normalization.None, Normalization.Batch], [OptimizerKind.Sgd]),
            Axes(["mlp:784-32-10", "resmlp:784-32x1-10"], ["he-normal"], [Normalization.None], [OptimizerKind.Sgd]));
        var cells = grid.Cells();
        Assert.Equal(5, cells.Count);
        Assert.Equal(cells.Count, cells.Select(c => c.Key).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 5), cells.Select(c => c.Index));
        var runs = grid.Runs();
        Assert.Equal(10, runs.Count);
        Assert.Equal([5UL, 6UL], runs.Where(r => r.Cell.Index == 0).Select(r => r.Config.Seed));
        Assert.Equal("he-normal · no norm · mlp:784-32-10".Split(" · ").Order(), cells[0].Label.Split(" · ").Order());
    }

    [Fact]
    public void Momentum_GoesToTheSgdCellsOnly()
    {
        var cells = Grid(Axes(["mlp:784-10"], ["he-normal"], [Normalization.None], [OptimizerKind.Sgd, OptimizerKind.Adam])).Validate().Cells();
        Assert.Equal(0.9, cells.Single(c => c.Settings.Optimizer == OptimizerKind.Sgd).Config.Momentum);
        Assert.Equal(0, cells.Single(c => c.Settings.Optimizer == OptimizerKind.Adam).Config.Momentum);
    }

    [Fact]
    public void Json_RoundTrips_ToTheSameDescription()
    {
        var grid = Grid(Axes(["mlp:784-10"], ["he-normal", "normal:mean=0,std=0.01"], [Normalization.Layer], [OptimizerKind.AdamW])) with
        {
            LossAt = [5, 10],
            TargetLoss = 0.7,
            Template = new TrainingConfig { Data = "embedded", Model = "mlp:784-10", Steps = 30, Epochs = 1 },
        };
        var back = ComparisonGrid.FromJson(grid.ToJson(), "test");
        Assert.Equal(grid.Describe(), back.Describe());
        Assert.Null(ComparisonGrid.FirstDifference(grid, back));
        Assert.Equal(grid.Cells().Select(c => c.Config.ToJson()), back.Cells().Select(c => c.Config.ToJson()));
    }

    [Fact]
    public void FirstDifference_NamesTheOption_AndBothValues()
    {
        var a = Grid(Axes(["mlp:784-10"], ["he-normal", "orthogonal"], [Normalization.None], [OptimizerKind.Sgd]));
        var b = Grid(Axes(["mlp:784-10"], ["he-normal", "lsuv"], [Normalization.None], [OptimizerKind.Sgd]));
        Assert.Equal("--init is 'he-normal,orthogonal' in the stored grid but 'he-normal,lsuv' here", ComparisonGrid.FirstDifference(a, b));
        Assert.Equal("--seeds is '2' in the stored grid but '3' here", ComparisonGrid.FirstDifference(a, a with { Seeds = 3 }));
    }

    [Theory]
    [InlineData("mlp:784-10", "he-normal", "relu", "model spec")]
    [InlineData("mlp:784-10-10", "no-such-scheme", "relu", "no-such-scheme")]
    [InlineData("mlp:784-10-10", "he-normal", "swish9", "--act")]
    public void Validate_RejectsABadCell_WithTheOffendingValue(string model, string init, string act, string fragment)
    {
        var grid = Grid(new GridAxes([model == "mlp:784-10" ? "mlp:784" : model], [init], [act], [Normalization.None], [OptimizerKind.Sgd], [0.01]));
        var e = Assert.ThrowsAny<Exception>(() => grid.Validate());
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Validate_RejectsAnEmptyAxis_AndBadCounts()
    {
        Assert.Contains("grid is empty", Assert.Throws<ArgumentException>(() => Grid(Axes(["mlp:784-10"], [], [Normalization.None], [OptimizerKind.Sgd])).Validate()).Message);
        Assert.Contains("--seeds = 0", Assert.Throws<ArgumentException>(() => (Grid(Axes(["mlp:784-10"], ["zeros"], [Normalization.None], [OptimizerKind.Sgd])) with { Seeds = 0 }).Validate()).Message);
        Assert.Contains("--lr = -1", Assert.Throws<ArgumentException>(() => Grid(new GridAxes(["mlp:784-10"], ["zeros"], ["relu"], [Normalization.None], [OptimizerKind.Sgd], [-1])).Validate()).Message);
    }

    [Fact]
    public void Presets_AreValid_AndQuickIsSmall()
    {
        foreach (string name in ComparisonPresets.Names)
            Assert.Equal(name, ComparisonPresets.Get(name).Validate().Name);
        var quick = ComparisonPresets.Get("quick");
        Assert.Equal("embedded", quick.Template.Data);
        var sensitivity = ComparisonPresets.Get("sensitivity");
        Assert.Equal(5 * 3 * 2, sensitivity.Cells().Count);
        Assert.Contains(sensitivity.Cells(), c => c.Settings.Init == "normal:std=0.01");
        Assert.Contains("--preset = 'nope' is not known", Assert.Throws<ArgumentException>(() => ComparisonPresets.Get("nope")).Message);
    }
}

public class ShortModelTests
{
    [Theory]
    [InlineData("mlp:784-256-256-256-10", "mlp:784-256×3-10")]
    [InlineData("mlp:784-256-256-10", "mlp:784-256-256-10")]
    [InlineData("cnn:c16-p-c32-p-10", "cnn:c16-p-c32-p-10")]
    [InlineData("mlp:784-10", "mlp:784-10")]
    public void ShortModel_WritesRunsOfThreeOrMoreOnce(string spec, string label) => Assert.Equal(label, ComparisonGrid.ShortModel(spec));
}
