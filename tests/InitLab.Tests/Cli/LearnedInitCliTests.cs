using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

/// <summary><c>--init gradinit|metainit</c> in train, probe and compare: the report (table and JSON), one-line errors for bad values and combinations, and <c>--resume</c> agreement.</summary>
public class LearnedInitCliTests : IDisposable
{
    static readonly string[] Train = ["train", "--data", "embedded", "--model", "mlp:784-16-16-10", "--act", "tanh", "--epochs", "1", "--batch", "64", "--opt", "sgd", "--lr", "0.1"];

    readonly TempDirectory directory = new();

    public void Dispose()
    {
        directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("gradinit", "--gradinit-iters", "4")]
    [InlineData("metainit", "--metainit-iters", "2")]
    public void Train_Json_ReportsEveryTensorsScaleAndEveryIteration(string init, string iters, string count)
    {
        var result = CliRunner.Run([.. Train, "--init", init, "--init-base", "normal:std=0.05", iters, count, "--init-batch", "16", "--json"]);
        Assert.Equal(0, result.ExitCode);
        var report = result.Out.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("{\"model_init\"", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l)!["model_init"]![0]!).Single();
        Assert.Equal(init, (string)report["method"]!);
        Assert.Contains("base normal:std=0.05", (string)report["summary"]!);
        Assert.Equal(int.Parse(count), report["trace"]!.AsArray().Count);
        var steps = report["steps"]!.AsArray();
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias", "layers.4.weight", "layers.4.bias"], steps.Select(s => (string)s!["target"]!));
        // The weights moved off 1 (the learned scales); the zero biases cannot be scaled.
        Assert.All(steps.Where(s => ((string)s!["target"]!).EndsWith("weight")), s => Assert.NotEqual(1.0, (double)s!["factor"]!));
    }

    [Fact]
    public void Train_IsTheSameBitsForAnyThreadCount()
    {
        string[] run = [.. Train, "--init", "gradinit", "--init-base", "normal:std=0.05", "--gradinit-iters", "3", "--init-batch", "16", "--json"];
        var one = CliRunner.Run([.. run, "--threads", "1"]);
        var two = CliRunner.Run([.. run, "--threads", "2"]);
        Assert.Equal(0, one.ExitCode);
        Assert.Equal(Lines(one.Out), Lines(two.Out));

        // Timing fields aside, every line (the report, then each epoch's losses) is the same.
        static string[] Lines(string text) => [.. text.Split('\n').Where(l => l.Contains("model_init") || l.Contains("\"epoch\"")).Select(l => l.Split("\"samples_per_sec\"")[0])];
    }

    [Theory]
    [InlineData("gradinit", "--gradinit-iters", "0", "--gradinit-iters = 0 is not allowed")]
    [InlineData("gradinit", "--gradinit-lr", "-1", "--gradinit-lr = -1 is not allowed")]
    [InlineData("gradinit", "--gradinit-eta", "0", "--gradinit-eta = 0 is not allowed")]
    [InlineData("gradinit", "--gradinit-gamma", "NaN", "--gradinit-gamma = NaN is not allowed")]
    [InlineData("gradinit", "--gradinit-min-scale", "1", "--gradinit-min-scale = 1 is not allowed")]
    [InlineData("gradinit", "--gradinit-alg", "rmsprop", "rmsprop")]
    [InlineData("metainit", "--metainit-iters", "-3", "--metainit-iters = -3 is not allowed")]
    [InlineData("metainit", "--metainit-lr", "0", "--metainit-lr = 0 is not allowed")]
    [InlineData("metainit", "--metainit-momentum", "1", "--metainit-momentum = 1 is not allowed")]
    [InlineData("metainit", "--metainit-eps", "0", "--metainit-eps = 0 is not allowed")]
    [InlineData("metainit", "--init-base", "lsuv", "--init-base = 'lsuv' is not allowed")]
    [InlineData("gradinit", "--init-base", "no-such-scheme", "no-such-scheme")]
    [InlineData("he-normal", "--init-base", "normal:std=0.01", "--init-base does not apply to --init he-normal")]
    [InlineData("lsuv", "--gradinit-iters", "5", "--gradinit-iters does not apply to --init lsuv")]
    [InlineData("gradinit", "--metainit-lr", "0.2", "--metainit-lr does not apply to --init gradinit")]
    [InlineData("metainit", "--gradinit-eta", "0.2", "--gradinit-eta does not apply to --init metainit")]
    public void Train_RejectsABadValueOrCombination_WithOneLine(string init, string option, string value, string message) =>
        CliRunner.AssertUsageError(CliRunner.Run([.. Train, "--init", init, option, value]), message);

    [Theory]
    [InlineData("gradinit")]
    [InlineData("metainit")]
    public void Train_RejectsMup(string init) =>
        CliRunner.AssertUsageError(CliRunner.Run([.. Train, "--init", init, "--parametrization", "mup"]), "cannot be combined with --parametrization mup");

    [Fact]
    public void Probe_WithoutData_RejectsGradInit_AndRunsMetaInitOnRandomData()
    {
        string[] probe = ["probe", "--width", "16", "--depth", "3", "--act", "tanh", "--init-base", "normal:std=0.05", "--init-batch", "16"];
        CliRunner.AssertUsageError(CliRunner.Run([.. probe, "--init", "gradinit", "--gradinit-iters", "2"]), "gradinit learns from labelled training images");
        var meta = CliRunner.Run([.. probe, "--init", "metainit", "--metainit-iters", "2"]);
        Assert.Equal(0, meta.ExitCode);
        Assert.Contains("metainit: base normal:std=0.05, T 2", meta.Out);
    }

    [Fact]
    public void Compare_TakesBothOnTheInitAxis_AndStoresEachRunsReport()
    {
        string store = directory.File("store");
        var result = CliRunner.Run("compare", "--data", "embedded", "--model", "mlp:784-16-16-10", "--act", "tanh", "--init", "normal:std=0.05,gradinit,metainit",
            "--init-base", "normal:std=0.05", "--gradinit-iters", "2", "--metainit-iters", "1", "--init-batch", "16", "--seeds", "1", "--epochs", "1", "--out", store);
        Assert.True(result.ExitCode == 0, result.Err);
        var reports = Directory.GetFiles(store, InitLab.Lab.RunStore.ModelInitFile, SearchOption.AllDirectories).Order().Select(f => JsonNode.Parse(File.ReadAllText(f))![0]!).ToList();
        Assert.Equal(["gradinit", "metainit"], reports.Select(r => (string)r["method"]!));
        Assert.Equal([2, 1], reports.Select(r => r["trace"]!.AsArray().Count));
        CliRunner.AssertUsageError(CliRunner.Run("compare", "--data", "embedded", "--model", "mlp:784-16-10", "--init", "he-normal,lsuv", "--gradinit-iters", "2", "--out", directory.File("b")),
            "--gradinit-iters does not apply");
    }

    [Fact]
    public void Resume_RejectsADisagreeingLearnedInitOption()
    {
        string dir = directory.File("run");
        string[] run = [.. Train, "--init", "gradinit", "--init-base", "normal:std=0.05", "--gradinit-iters", "2", "--init-batch", "16"];
        Assert.Equal(0, CliRunner.Run([.. run, "--out", dir]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir, "--gradinit-iters", "3"), "--gradinit-iters gives gradinit_iters = 3, the run has 2");
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir, "--init-base", "he-normal"), "--init-base gives init_base = he-normal");
    }
}
