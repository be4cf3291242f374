using System.Text.Json.Nodes;
using InitLab.Lab;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class CompareCommandTests
{
    static string[] Small(string outDir, params string[] extra) =>
        ["compare", "--data", "embedded", "--model", "mlp:784-16-10", "--init", "he-normal,normal:mean=0,std=0.01", "--act", "relu", "--seeds", "2",
         "--steps", "12", "--batch", "256", "--lr", "0.05", "--out", outDir, "--threads", "1", .. extra];

    [Fact]
    public void Compare_RunsTheGrid_WritesTheStore_AndPrintsTheRanking()
    {
        using var dir = new TempDirectory();
        string report = dir.File("report.html");
        var r = CliRunner.Run(Small(dir.File("store"), "--report", report));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("2 cells × 2 seeds = 4 runs", r.Out);
        Assert.Contains("rank", r.Out);
        Assert.Contains("normal:mean=0,std=0.01", r.Out);
        Assert.Contains($"wrote {report}", r.Out);
        Assert.True(File.Exists(Path.Combine(dir.File("store"), RunStore.GridFile)));
        Assert.Equal(4, Directory.GetFiles(dir.File("store"), RunStore.ResultFile, SearchOption.AllDirectories).Length);
        Assert.Equal(4, Directory.GetFiles(dir.File("store"), "config.json", SearchOption.AllDirectories).Length);
        Assert.Equal(4, Directory.GetFiles(dir.File("store"), "metrics.csv", SearchOption.AllDirectories).Length);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.File("store"), RunStore.SummaryFile)))!;
        Assert.Equal(2, summary["cells"]!.AsArray().Count);
        Assert.Contains("<svg", File.ReadAllText(report));

        // Resuming a finished comparison re-runs nothing and gives the same summary.
        var again = CliRunner.Run([.. Small(dir.File("store"), "--resume", "--json")]);
        Assert.True(again.ExitCode == 0, again.Err);
        var json = JsonNode.Parse(again.Out)!;
        Assert.Equal(0, (int)json["executed"]!);
        Assert.Equal(summary["cells"]!.ToJsonString(), json["cells"]!.ToJsonString());
        var bare = CliRunner.Run("compare", "--out", dir.File("store"), "--resume", "--json");
        Assert.True(bare.ExitCode == 0, bare.Err);
        Assert.Equal(summary["cells"]!.ToJsonString(), JsonNode.Parse(bare.Out)!["cells"]!.ToJsonString());
    }

    [Theory]
    [InlineData("--init", "", "--init = '' has an empty value")]
    [InlineData("--init", "he-normal,,orthogonal", "--init = 'he-normal,,orthogonal' has an empty value")]
    [InlineData("--init", "no-such-scheme", "no-such-scheme")]
    [InlineData("--act", "relu,swish9", "swish9")]
    [InlineData("--init", "normal:gain=2", "gain")]
    [InlineData("--init", "dirac", "dirac")]
    [InlineData("--model", "mlp:784-16-7", "has 7 classes")]
    [InlineData("--norm", "none,group", "--norm = 'group' is not allowed")]
    [InlineData("--opt", "sgd,lbfgs", "--opt = 'lbfgs' is not allowed")]
    [InlineData("--lr", "0.1,fast", "--lr = 'fast' is not a number")]
    [InlineData("--lsuv-tol", "0.2", "--lsuv-tol does not apply")]
    [InlineData("--parallel", "0", "--parallel = 0")]
    [InlineData("--seeds", "0", "--seeds = 0")]
    public void BadGrid_ExitsTwo_WithOneLineNamingTheOptionAndValue_AndWritesNothing(string option, string value, string fragment)
    {
        using var dir = new TempDirectory();
        string store = dir.File("store");
        var args = Small(store).ToList();
        int at = args.IndexOf(option);
        if (at >= 0)
            args.RemoveRange(at, 2);
        args.AddRange([option, value]);
        CliRunner.AssertUsageError(CliRunner.Run([.. args]), fragment);
        Assert.False(Directory.Exists(store));
    }

    [Fact]
    public void Preset_RejectsAxisOptions_AndUnknownNames()
    {
        using var dir = new TempDirectory();
        CliRunner.AssertUsageError(CliRunner.Run("compare", "--preset", "quick", "--init", "zeros", "--out", dir.File("a")), "--init cannot be combined with --preset quick");
        CliRunner.AssertUsageError(CliRunner.Run("compare", "--preset", "nope", "--out", dir.File("a")), "--preset = 'nope' is not known");
        CliRunner.AssertUsageError(CliRunner.Run("compare", "--preset", "quick"), "compare needs --out DIR");
        CliRunner.AssertUsageError(CliRunner.Run("compare", "--preset", "quick", "--epochs", "2", "--steps", "5", "--out", dir.File("a")), "give --epochs or --steps, not both");
    }

    [Fact]
    public void Resume_WithAnotherGrid_ExitsTwo_NamingTheOption_AndKeepsEveryFinishedRun()
    {
        using var dir = new TempDirectory();
        string store = dir.File("store");
        Assert.Equal(0, CliRunner.Run(Small(store)).ExitCode);
        var results = Directory.GetFiles(store, RunStore.ResultFile, SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);
        string grid = File.ReadAllText(Path.Combine(store, RunStore.GridFile));

        var args = Small(store, "--resume").ToList();
        args[args.IndexOf("--seeds") + 1] = "3";
        CliRunner.AssertUsageError(CliRunner.Run([.. args]), "--seeds is '2' in the stored grid but '3' here");
        // Without --resume an existing store is never overwritten.
        CliRunner.AssertUsageError(CliRunner.Run(Small(store)), "already holds a comparison; continue it with --resume");
        CliRunner.AssertUsageError(CliRunner.Run("compare", "--out", dir.File("none"), "--resume"), "does not exist");

        Assert.Equal(grid, File.ReadAllText(Path.Combine(store, RunStore.GridFile)));
        foreach (var (file, text) in results)
            Assert.Equal(text, File.ReadAllText(file));
    }
}
