using System.Text.Json.Nodes;
using InitLab.Lab;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

/// <summary><c>compare --init-from scratch,DIR</c> (pretrained against scratch as a grid axis) with <c>--classes</c> and <c>--per-class</c> as fixed options.</summary>
public class CompareStartAxisTests
{
    static string[] Grid(string store, string source, params string[] extra) =>
        ["compare", "--data", "embedded", "--classes", "5-9", "--per-class", "20", "--model", "mlp:784-16-5", "--init", "glorot-uniform",
         "--init-from", $"scratch,{source}", "--init-from-skip", "layers.2.*", "--seeds", "2", "--epochs", "2", "--batch", "20", "--lr", "0.05",
         "--threads", "1", "--out", store, .. extra];

    [Fact]
    public void StartAxis_RunsScratchAndPretrainedCells_OnTheSubset()
    {
        using var dir = new TempDirectory();
        string source = dir.File("source");
        Assert.Equal(0, CliRunner.Run("train", "--data", "embedded", "--classes", "0-4", "--model", "mlp:784-16-5", "--epochs", "1", "--threads", "1", "--out", source).ExitCode);
        var r = CliRunner.Run([.. Grid(dir.File("store"), source), "--report", dir.File("report.html")]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("2 cells × 2 seeds = 4 runs", r.Out);
        Assert.Contains("(100 train / 500 test)", r.Out);
        Assert.Contains("scratch  seed 0", r.Out);
        Assert.Contains("from source  seed 1", r.Out);
        string report = File.ReadAllText(dir.File("report.html"));
        Assert.Contains("classes 5,6,7,8,9 (relabelled 0 … 4), 20 training images per class", report);
        Assert.Contains("test accuracy — from source", report);

        var grid = ComparisonGrid.FromJson(File.ReadAllText(Path.Combine(dir.File("store"), RunStore.GridFile)), "grid.json");
        var cells = grid.Cells();
        Assert.Null(cells[0].Config.InitFrom);
        Assert.Equal(source, cells[1].Config.InitFrom!.From);
        Assert.Equal(["layers.2.*"], cells[1].Config.InitFrom!.Skip);
        Assert.EndsWith("_from-source", cells[1].Key);
        Assert.Equal([5, 6, 7, 8, 9], cells[1].Config.Classes);
        string loaded = File.ReadAllText(Path.Combine(dir.File("store"), "runs", cells[1].Key, "seed-0", "config.json"));
        Assert.Contains("\"per_class\": 20", loaded);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.File("store"), RunStore.SummaryFile)))!;
        Assert.Equal(["from source", "scratch"], summary["cells"]!.AsArray().Select(c => (string)c!["start"]!).Order());

        // The grid's --classes is part of what --resume compares.
        CliRunner.AssertUsageError(CliRunner.Run([.. Grid(dir.File("store"), source), "--resume", "--classes", "4-8"]), "--classes");
    }

    [Theory]
    [InlineData("--init-from-skip applies to cells that load weights", "--init-from-skip", "layers.2.*")]
    [InlineData("--freeze applies to cells that load weights", "--freeze", "layers.0.*")]
    [InlineData("--per-class = 0 is not allowed", "--per-class", "0")]
    [InlineData("--init-from lists 'scratch' twice", "--init-from", "scratch,scratch")]
    [InlineData("no such file or directory", "--init-from", "scratch,/nonexistent/weights.safetensors")]
    public void BadStartOptions_ExitTwo(string fragment, params string[] options)
    {
        using var dir = new TempDirectory();
        CliRunner.AssertUsageError(CliRunner.Run(["compare", "--data", "embedded", "--model", "mlp:784-16-10", "--init", "he-normal", "--out", dir.File("s"), .. options]), fragment);
        Assert.False(Directory.Exists(dir.File("s")));
    }
}
