using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class SearchCommandTests
{
    static string[] Search(string dir, params string[] more) =>
        ["search", "--data", "embedded", "--model", "mlp:784-8-10", "--trials", "3", "--epochs", "1", "--batch", "250", "--threads", "1", "--out", dir, .. more];

    [Fact]
    public void Search_PrintsEveryTrialAndTheBestConfig_AsATrainCommand()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(Search(dir.Path, "--method", "random"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("best: trial ", result.Out);
        Assert.Contains("initlab train --data embedded --model mlp:784-8-10", result.Out);
        var json = JsonNode.Parse(CliRunner.Run(Search(dir.Path, "--method", "random", "--json")).Out)!.AsObject();
        Assert.Equal(3, json["entries"]!.AsArray().Count);
        Assert.StartsWith("initlab train ", (string)json["best"]!);
    }

    [Theory]
    [InlineData("--lr = 'fast' is not allowed", "--lr", "fast")]
    [InlineData("--gain = 0:2 is not allowed", "--gain", "0:2")]
    [InlineData("--eta = 1 is not allowed", "--eta", "1")]
    [InlineData("never the test set", "--val", "0")]
    [InlineData("'hyperband'", "--method", "hyperband")]
    public void BadInput_IsOneLine_WithExitCode2(string fragment, string option, string value)
    {
        using var dir = new TempDirectory();
        CliRunner.AssertUsageError(CliRunner.Run(Search(dir.Path, option, value)), fragment);
    }

    [Fact]
    public void ChangedOptions_OnTheSameDirectory_AreRejected()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(Search(dir.Path, "--method", "random")).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run(Search(dir.Path, "--method", "random", "--gain", "1:2")), "holds another search");
    }
}
