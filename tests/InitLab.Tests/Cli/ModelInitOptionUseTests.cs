using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

/// <summary>An initializer option given for an initializer that would ignore it is an error, never silently dropped.</summary>
public class ModelInitOptionUseTests
{
    static readonly string[] Train = ["train", "--data", "embedded", "--model", "mlp:784-16-10", "--epochs", "1", "--batch", "64", "--opt", "sgd", "--lr", "0.1"];

    [Theory]
    [InlineData("he-normal", "--lsuv-tol", "0.05", "--lsuv-tol does not apply to --init he-normal")]
    [InlineData("orthogonal", "--lsuv-where", "post", "--lsuv-where does not apply")]
    [InlineData("lsuv", "--wn-init-scale", "2", "--wn-init-scale does not apply to --init lsuv")]
    [InlineData("fixup", "--init-batch", "64", "--init-batch does not apply")]
    public void Train_RejectsAnOptionTheInitializerWouldIgnore(string init, string option, string value, string message) =>
        CliRunner.AssertUsageError(CliRunner.Run([.. Train, "--init", init, option, value]), message);

    [Fact]
    public void Train_AcceptsTheOptionsOfTheChosenInitializer() =>
        Assert.Equal(0, CliRunner.Run([.. Train, "--init", "lsuv", "--lsuv-tol", "0.05", "--init-batch", "64"]).ExitCode);

    [Fact]
    public void Probe_RejectsAnOptionTheInitializerWouldIgnore() =>
        CliRunner.AssertUsageError(CliRunner.Run("probe", "--width", "16", "--depth", "2", "--act", "tanh", "--init", "orthogonal", "--lsuv-max-iter", "3"),
            "--lsuv-max-iter does not apply to --init orthogonal");
}
