using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class TrainEarlyStoppingCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-32-10", "--batch", "100", "--lr", "0.1", "--momentum", "0.9", "--threads", "1", "--seed", "5"];

    [Fact]
    public void ValPatienceRestoreBest_StopsEarly_AndReportsTheRestoredEpochsTestMetrics()
    {
        var result = CliRunner.Run([.. Small, "--epochs", "30", "--val", "0.1", "--patience", "2", "--restore-best", "--json"]);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var summary = lines[^1];
        var epochs = lines[..^1];
        Assert.True((bool)summary["stopped_early"]!);
        int best = (int)summary["best_epoch"]!;
        Assert.Equal(epochs.Count - 2, best);
        Assert.Equal(epochs.Min(e => (double)e["val_loss"]!), (double)summary["best_val_loss"]!);
        Assert.Equal((double)epochs[best - 1]["test_accuracy"]!, (double)summary["test_accuracy"]!);
        Assert.Equal((double)epochs[best - 1]["test_loss"]!, (double)summary["test_loss"]!);
    }

    [Fact]
    public void Table_ShowsTheValidationColumns_AndTheSplitSizes()
    {
        var result = CliRunner.Run([.. Small, "--epochs", "1", "--val", "0.2"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(4000 train / 1000 validation / 1000 test)", result.Out);
        Assert.Contains("seconds  val_loss  val_acc", result.Out);
        Assert.Contains("best epoch 1 (val_loss ", result.Out);
    }

    [Theory]
    [InlineData("--val = 1.5 is not allowed", "--val", "1.5")]
    [InlineData("--val = -0.1 is not allowed", "--val", "-0.1")]
    [InlineData("holds out 0 of 5000 training images", "--val", "0.00001")]
    [InlineData("--patience = 0 is not allowed", "--val", "0.1", "--patience", "0")]
    [InlineData("--patience = 2 needs a validation split", "--patience", "2")]
    [InlineData("--restore-best needs a validation split", "--restore-best")]
    public void BadInput_IsOneLine_WithExitCode2(string fragment, params string[] options)
    {
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--epochs", "1", .. options]), fragment);
    }

    [Fact]
    public void Resume_WithANewPatience_IsRejected()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run([.. Small, "--epochs", "1", "--val", "0.1", "--out", dir.Path]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--patience", "3"), "--patience gives patience = 3, the run has none");
    }
}
