using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class TrainRebalancingCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-16-10", "--batch", "100", "--threads", "1", "--epochs", "1"];

    [Fact]
    public void Imbalance_PrintsPerClassAccuracy_AndBalancedAccuracy()
    {
        var table = CliRunner.Run([.. Small, "--imbalance", "10", "--class-weights", "balanced"]);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("class  train_images  test_acc", table.Out);
        Assert.Matches(@"\n\s+9\s+50\s+\d\.\d{4}\n", table.Out); // 500·10^(−1) images of the last class
        Assert.Contains("balanced test accuracy 0.", table.Out);

        var json = CliRunner.Run([.. Small, "--imbalance", "10", "--json"]);
        var lines = json.Out.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        var summary = lines[^1];
        Assert.Equal(500, (int)summary["train_class_counts"]![0]!);
        Assert.Equal(50, (int)summary["train_class_counts"]![9]!);
        Assert.Equal((double)lines[0]["test_balanced_accuracy"]!, (double)summary["test_balanced_accuracy"]!);
        Assert.Equal(10, summary["test_class_accuracy"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("--imbalance = 0 is not allowed", "--imbalance", "0")]
    [InlineData("--class-weights = 'auto' is not allowed; use balanced", "--class-weights", "auto")]
    [InlineData("--smote = -2 is not allowed", "--smote", "-2")]
    [InlineData("--oversample and --smote both fill the smaller classes; choose one", "--oversample", "--smote", "5")]
    [InlineData("corrects the imbalance twice", "--class-weights", "balanced", "--oversample")]
    public void BadInput_IsOneLine_WithExitCode2(string fragment, params string[] options)
    {
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, .. options]), fragment);
    }
}
