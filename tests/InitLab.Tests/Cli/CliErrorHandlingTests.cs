using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class CliErrorHandlingTests
{
    [Theory]
    [InlineData("unknown option", "'--bogus'", "init", "normal", "--shape", "3", "--stats", "--bogus")]
    [InlineData("unknown scheme", "scheme = 'bogus'", "init", "bogus", "--shape", "3", "--stats")]
    [InlineData("zero dimension", "dimension 1 ('0') must be a positive integer", "init", "normal", "--shape", "3,0", "--stats")]
    [InlineData("negative dimension", "dimension 0 ('-4')", "init", "normal", "--shape", "-4", "--stats")]
    [InlineData("bad std", "std = -1 is not allowed", "init", "normal", "--shape", "3", "--std", "-1", "--stats")]
    [InlineData("low ≥ high", "low = 2 must be less than high = 1", "init", "uniform", "--shape", "3", "--low", "2", "--high", "1", "--stats")]
    [InlineData("no mass", "no probability mass", "init", "truncated-normal", "--shape", "3", "--low", "50", "--high", "60", "--stats")]
    [InlineData("constant without value", "--value", "init", "constant", "--shape", "3", "--stats")]
    [InlineData("no output", "exactly one of --out", "init", "normal", "--shape", "3")]
    [InlineData("bad dtype", "dtype = 'int8'", "init", "normal", "--shape", "3", "--dtype", "int8", "--stats")]
    [InlineData("missing directory", "does not exist", "init", "normal", "--shape", "3", "--out", "/nonexistent-dir/x.npy")]
    [InlineData("bad dist", "bogus", "bench", "fill", "--dist", "bogus", "--count", "10")]
    [InlineData("bad count", "--count = 0", "bench", "fill", "--count", "0")]
    [InlineData("negative threads", "--threads = -1", "bench", "fill", "--count", "10", "--threads", "-1")]
    public void BadInput_ExitsWithCode2_AndOneLineOnStderr(string what, string fragment, params string[] args)
    {
        Assert.NotEmpty(what);
        CliRunner.AssertUsageError(CliRunner.Run(args), fragment);
    }

    [Fact]
    public void Help_Succeeds_AndListsTheVerbs()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("init", result.Out);
        Assert.Contains("bench", result.Out);
    }
}
