using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class ModelInitCommandsTests
{
    [Fact]
    public void TrainPrintInit_WithLsuv_ReportsEveryLayersIterationsAndVariances()
    {
        var result = CliRunner.Run("train", "--data", "embedded", "--model", "mlp:784-32-32-10", "--act", "tanh", "--init", "lsuv", "--lsuv-tol", "0.05",
            "--print-init", "--threads", "1");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("lsuv: tol 0.05, max-iter 10, where pre", result.Out);
        Assert.Contains("held-out variance", result.Out);
        foreach (string layer in new[] { "layers.0 ", "layers.2 ", "layers.4 " })
            Assert.Contains(layer, result.Out);
    }

    [Fact]
    public void TrainJson_WithFixup_FirstPrintsTheModelInitReport()
    {
        var result = CliRunner.Run("train", "--data", "embedded", "--model", "resmlp:784-16x2-10", "--init", "fixup", "--epochs", "1", "--json", "--threads", "1");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        var report = JsonNode.Parse(lines[0])!["model_init"]![0]!;
        Assert.Equal("fixup", (string)report["method"]!);
        Assert.Equal(1, (int)JsonNode.Parse(lines[1])!["epoch"]!);
    }

    [Fact]
    public void Train_ModelInitOptionWithoutItsInitializer_IsAUsageError() =>
        CliRunner.AssertUsageError(CliRunner.Run("train", "--data", "embedded", "--model", "mlp:784-32-10", "--base-width", "16"), "--parametrization mup");

    [Fact]
    public void CoordCheck_Json_HasARowPerWidthLayerAndStep()
    {
        var result = CliRunner.Run("coordcheck", "--model", "mlp:784-16-10", "--widths", "16,32", "--steps", "2", "--batch", "16", "--json", "--threads", "1");
        Assert.Equal(0, result.ExitCode);
        var rows = JsonNode.Parse(result.Out)!["rows"]!.AsArray();
        Assert.Equal(2 * 3 * 2, rows.Count);
        foreach (var row in rows)
            foreach (string key in new[] { "width", "layer", "step", "l1" })
                Assert.NotNull(row![key]);
    }

    [Fact]
    public void CoordCheck_Report_WritesAnHtmlPageWithAChartPerStep()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "coord.html");
        var result = CliRunner.Run("coordcheck", "--model", "mlp:784-16-10", "--widths", "16,32", "--steps", "2", "--batch", "16", "--report", path, "--threads", "1");
        Assert.Equal(0, result.ExitCode);
        string html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(2, html.Split("<figure>").Length - 1);
        Assert.Contains("step 1", html);
        Assert.Contains("step 2", html);
    }

    [Fact]
    public void CoordCheck_BadWidths_IsAUsageError() =>
        CliRunner.AssertUsageError(CliRunner.Run("coordcheck", "--model", "mlp:784-16-10", "--widths", "16,x"), "--widths");
}
