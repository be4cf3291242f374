using InitLab.Cli;

namespace InitLab.Tests.Support;

/// <summary>Runs the CLI in-process and captures what it writes.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>A training command that takes a fraction of a second per epoch: embedded data, a 784-32-10 MLP, one thread.</summary>
    public static readonly string[] SmallTrain = ["train", "--data", "embedded", "--model", "mlp:784-32-10", "--batch", "100", "--lr", "0.05", "--threads", "1"];

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts the documented failure contract: exit code 2, exactly one line on stderr, no stack trace.</summary>
    public static void AssertUsageError(Result result, string expectedFragment)
    {
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        var lines = result.Err.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("initlab: error: ", lines[0]);
        Assert.Contains(expectedFragment, lines[0]);
        Assert.DoesNotContain("   at ", result.Err);
    }
}
