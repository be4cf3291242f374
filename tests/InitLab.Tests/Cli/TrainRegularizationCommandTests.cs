using System.Text.Json.Nodes;
using InitLab.Lab;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

public class TrainRegularizationCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-32-10", "--batch", "250", "--lr", "0.1", "--momentum", "0.9", "--threads", "1", "--seed", "5"];

    [Fact]
    public void ClipNorm_AddsTheClippedStepsAndGradientNorms_ToTheTableJsonAndMetricsCsv()
    {
        using var dir = new TempDirectory();
        var table = CliRunner.Run([.. Small, "--epochs", "1", "--clip-norm", "1e-3", "--out", dir.File("run")]);
        Assert.True(table.ExitCode == 0, table.Err);
        Assert.Contains("clipped  grad_norm_mean  grad_norm_max", table.Out);
        Assert.Contains("20 (100 %)", table.Out);
        var rows = File.ReadAllLines(Path.Combine(dir.File("run"), "metrics.csv"));
        Assert.Equal(EpochMetrics.CsvHeader, rows[0]);
        var m = EpochMetrics.FromCsv(rows[1]);
        Assert.Equal((20, 1.0), (m.ClippedSteps, m.ClipFraction));
        Assert.True(m.GradNormMax >= m.GradNormMean && m.GradNormMean > 1e-3);

        var json = JsonNode.Parse(CliRunner.Run([.. Small, "--epochs", "1", "--clip-value", "1e9", "--json"]).Out.Trim())!;
        Assert.Equal(0, (int)json["clipped_steps"]!);
        Assert.True((double)json["grad_norm_mean"]! > 0);
        Assert.DoesNotContain("clipped", CliRunner.Run([.. Small, "--epochs", "1"]).Out);
    }

    [Theory]
    [InlineData("--l1 = -1 is not allowed", "--l1", "-1")]
    [InlineData("--l2 = -0.5 is not allowed", "--l2", "-0.5")]
    [InlineData("--dropconnect = 1 is not allowed; it must be in [0, 1)", "--dropconnect", "1")]
    [InlineData("--label-smoothing = 2 is not allowed", "--label-smoothing", "2")]
    [InlineData("--clip-norm = 0 is not allowed", "--clip-norm", "0")]
    [InlineData("--clip-value = -3 is not allowed", "--clip-value", "-3")]
    [InlineData("both clip the gradient; choose one", "--clip-norm", "1", "--clip-value", "1")]
    [InlineData("cannot be combined with --class-weights balanced", "--label-smoothing", "0.1", "--class-weights", "balanced")]
    [InlineData("cannot be combined with --teacher", "--label-smoothing", "0.1", "--teacher", "/nonexistent")]
    public void BadInput_IsOneLine_WithExitCode2(string fragment, params string[] options)
    {
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--epochs", "1", .. options]), fragment);
    }

    [Fact]
    public void DropConnect_OnAModelWithoutHiddenDenseLayers_IsAnError()
    {
        CliRunner.AssertUsageError(CliRunner.Run("train", "--data", "embedded", "--model", "mlp:784-10", "--epochs", "1", "--dropconnect", "0.3"),
            "--dropconnect = 0.3 masks the hidden fully connected layers, but model 'mlp:784-10' has none");
    }

    [Fact]
    public void Resume_WithADisagreeingRegularizationOption_IsRejected_AndTheSameOnesAreAccepted()
    {
        using var dir = new TempDirectory();
        string[] options = ["--l2", "0.001", "--dropconnect", "0.2", "--label-smoothing", "0.1", "--clip-norm", "5"];
        Assert.Equal(0, CliRunner.Run([.. Small, "--epochs", "1", .. options, "--out", dir.Path]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--l2", "0.01"), "--l2 gives l2 = 0.01, the run has 0.001");
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--dropconnect", "0.5"), "--dropconnect gives drop_connect = 0.5, the run has 0.2");
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--label-smoothing", "0"), "--label-smoothing gives label_smoothing = 0, the run has 0.1");
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--clip-norm", "1"), "--clip-norm gives clip_norm = 1, the run has 5");
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--l1", "0.1"), "--l1 gives l1 = 0.1, the run has 0");
        var same = CliRunner.Run(["train", "--resume", dir.Path, "--epochs", "2", .. options]);
        Assert.True(same.ExitCode == 0, same.Err);
    }

    [Fact]
    public void Compare_TakesTheRegularizationOptions_ForEveryCell_AndRejectsThemWithAPreset()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("compare", "--data", "embedded", "--model", "mlp:784-16-10", "--init", "he-normal", "--seeds", "1", "--steps", "6", "--batch", "256",
            "--threads", "1", "--l2", "0.01", "--dropconnect", "0.3", "--label-smoothing", "0.1", "--clip-value", "1e-4", "--out", dir.File("store"));
        Assert.True(r.ExitCode == 0, r.Err);
        var config = TrainingConfig.FromJson(File.ReadAllText(Directory.GetFiles(dir.File("store"), "config.json", SearchOption.AllDirectories).Single()), "run");
        Assert.Equal((0.01, 0.3, 0.1, (double?)1e-4), (config.L2, config.DropConnect, config.LabelSmoothing, config.ClipValue));
        var result = RunResult.FromJson(File.ReadAllText(Directory.GetFiles(dir.File("store"), RunStore.ResultFile, SearchOption.AllDirectories).Single()), "result");
        Assert.Equal(6, result.Epochs[^1].ClippedSteps);
        Assert.Contains("clipped", r.Out);
        Assert.Contains("100.0 %", r.Out);
        var cell = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.File("store"), RunStore.SummaryFile)))!["cells"]![0]!;
        Assert.Equal(1.0, (double)cell["clip_fraction"]!);
        Assert.Equal(result.Epochs[^1].TrainAccuracy, (double)cell["train_accuracy"]!["mean"]!);
        CliRunner.AssertUsageError(CliRunner.Run("compare", "--preset", "quick", "--l2", "0.1", "--out", dir.File("a")), "--l2 cannot be combined with --preset quick");
        CliRunner.AssertUsageError(CliRunner.Run("compare", "--data", "embedded", "--model", "mlp:784-16-10", "--init", "he-normal", "--clip-norm", "-1", "--out", dir.File("b")),
            "--clip-norm = -1 is not allowed");
    }
}
