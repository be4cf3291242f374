using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class BenchTrainCommandTests
{
    [Fact]
    public void Json_HasModelBatchThreadsAndAPositiveRate()
    {
        var result = CliRunner.Run("bench", "train", "--model", "cnn:c2-p-10", "--batch", "8", "--opt", "adam", "--threads", "1", "--seconds", "0.05", "--json");
        Assert.Equal(0, result.ExitCode);
        var o = JsonNode.Parse(result.Out)!.AsObject();
        Assert.Equal("cnn:c2-p-10", (string)o["model"]!);
        Assert.Equal(8, (int)o["batch"]!);
        Assert.Equal(1, (int)o["threads"]!);
        Assert.True((double)o["samples_per_sec"]! > 0);
    }

    [Theory]
    [InlineData("--batch", "0", "--batch = 0")]
    [InlineData("--model", "mlp:784", "model spec 'mlp:784'")]
    [InlineData("--opt", "lbfgs", "'lbfgs'")]
    public void BadInput_IsOneLine_WithExitCode2(string option, string value, string fragment) =>
        CliRunner.AssertUsageError(CliRunner.Run("bench", "train", option, value, "--seconds", "0.05"), fragment);
}
