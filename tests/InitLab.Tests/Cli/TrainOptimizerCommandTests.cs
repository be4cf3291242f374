using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

public class TrainOptimizerCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-16-10", "--batch", "100", "--threads", "1", "--epochs", "1", "--lr", "0.001"];

    [Fact]
    public void OptSpec_AndGradCentralizeFlag_AreRecordedInTheConfig_AndChangeTheTraining()
    {
        using var dir = new TempDirectory();
        var ranger = CliRunner.Run([.. Small, "--opt", "ranger:beta2=0.99", "--grad-centralize", "--out", dir.Path]);
        var adam = CliRunner.Run([.. Small, "--opt", "adam"]);
        Assert.Equal(0, ranger.ExitCode);
        Assert.Equal("ranger:beta2=0.99,gc=true", TrainingConfig.FromJson(File.ReadAllText(dir.File("config.json")), "config.json").Optimizer.ToString());
        string Row(string output) => output.Split('\n').First(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal))[..30];
        Assert.NotEqual(Row(adam.Out), Row(ranger.Out));

        var resumed = CliRunner.Run("train", "--resume", dir.Path, "--opt", "ranger:beta2=0.99", "--grad-centralize", "--epochs", "2");
        Assert.Equal(0, resumed.ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--opt", "radam", "--epochs", "3"), "--opt");
    }

    [Theory]
    [InlineData(new[] { "--opt", "lbfgs" }, "--opt = 'lbfgs' is not allowed")]
    [InlineData(new[] { "--opt", "rmsprop:beta1=0.9" }, "rmsprop takes no 'beta1'")]
    [InlineData(new[] { "--opt", "adam", "--momentum", "0.9" }, "--momentum = 0.9 applies to --opt sgd only")]
    [InlineData(new[] { "--opt", "sgd:momentum=0.9", "--momentum", "0.5" }, "both set the momentum")]
    [InlineData(new[] { "--opt", "adam:gc=false", "--grad-centralize" }, "--grad-centralize contradicts --opt adam:gc=false")]
    public void BadOptimizer_IsOneLine_WithExitCode2(string[] options, string fragment)
    {
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, .. options]), fragment);
    }
}
