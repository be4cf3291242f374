using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

/// <summary><c>initlab pretrain</c>: the per-layer loss table, the output <c>train --init-from</c> reads, and one-line errors.</summary>
public sealed class PretrainCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("pretrain-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static readonly string[] Small = ["pretrain", "--data", "embedded", "--per-class", "20", "--model", "mlp:784-16-8-10", "--epochs-per-layer", "2", "--batch", "20", "--lr", "0.05", "--threads", "1"];

    [Fact]
    public void PrintsEachLayersLoss_AndTrainLoadsTheOutput()
    {
        string output = Path.Combine(_dir, "pre");
        var result = CliRunner.Run([.. Small, "--method", "denoising", "--noise", "0.3", "--tied", "--out", output]);
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("denoising ν = 0.3, tied weights, 2 epochs per layer", result.Out);
        Assert.Equal(4, result.Out.Split('\n').Count(l => l.TrimStart().StartsWith("1  layers.0", StringComparison.Ordinal) || l.TrimStart().StartsWith("2  layers.2", StringComparison.Ordinal)));
        Assert.Contains("use it with train --init-from", result.Out);
        var train = CliRunner.Run([.. CliRunner.SmallTrain[..4], "mlp:784-16-8-10", "--act", "sigmoid", "--epochs", "1", "--threads", "1", "--init-from", output]);
        Assert.True(train.ExitCode == 0, train.Err);
        Assert.Contains("4 of 6 tensors loaded", train.Err);
    }

    [Theory]
    [InlineData(new[] { "--model", "cnn:c4-p-10" }, "plain MLP")]
    [InlineData(new[] { "--noise", "0.2" }, "--noise = 0.2 applies to --method denoising")]
    [InlineData(new[] { "--method", "denoising", "--noise", "1" }, "--noise = 1 is not allowed")]
    [InlineData(new[] { "--epochs-per-layer", "0" }, "--epochs-per-layer = 0 is not allowed")]
    [InlineData(new[] { "--per-class", "0" }, "--per-class = 0 is not allowed")]
    [InlineData(new[] { "--classes", "1,1" }, "names class 1 twice")]
    [InlineData(new[] { "--act", "nope" }, "nope")]
    [InlineData(new[] { "--init", "lsuv" }, "model-level initializer")]
    public void BadOptions_ExitTwoWithOneLine(string[] extra, string fragment)
    {
        string output = Path.Combine(_dir, "bad");
        CliRunner.AssertUsageError(CliRunner.Run([.. With(extra), "--out", output]), fragment);
        Assert.False(Directory.Exists(output), "nothing is written");
    }

    /// <summary><see cref="Small"/> with the options of <paramref name="extra"/> (pairs) replacing or added to its own.</summary>
    static string[] With(string[] extra)
    {
        var args = Small.ToList();
        for (int i = 0; i < extra.Length; i += 2)
        {
            int at = args.IndexOf(extra[i]);
            if (at >= 0)
                args[at + 1] = extra[i + 1];
            else
                args.AddRange([extra[i], extra[i + 1]]);
        }
        return [.. args];
    }

    [Fact]
    public void MissingOut_AndAnotherConfigsDirectory_AreRefused()
    {
        CliRunner.AssertUsageError(CliRunner.Run(Small), "pretrain needs --out DIR");
        string output = Path.Combine(_dir, "used");
        Assert.Equal(0, CliRunner.Run([.. Small, "--out", output]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--out", output, "--seed", "3"]), "holds a pretraining of another config");
    }
}
