using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

public class TrainDistillationCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-16-10", "--batch", "100", "--threads", "1", "--epochs", "1"];

    [Fact]
    public void Teacher_IsNamedInTheOutput_AndStoredAsAnAbsolutePath()
    {
        using var teacher = new TempDirectory();
        using var student = new TempDirectory();
        Assert.Equal(0, CliRunner.Run([.. Small, "--out", teacher.Path]).ExitCode);
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, teacher.Path);
        var result = CliRunner.Run([.. Small, "--teacher", relative, "--kd-temperature", "2", "--out", student.Path]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"distilling from {teacher.Path} (epoch 1), T = 2, α = 0.9", result.Out);
        var config = TrainingConfig.FromJson(File.ReadAllText(student.File("config.json")), "config.json");
        Assert.Equal(Path.GetFullPath(teacher.Path), config.Teacher);
        Assert.Equal(2, config.KdTemperature);
        Assert.Null(config.KdAlpha);
    }

    [Theory]
    [InlineData("--kd-temperature = 2 needs a teacher", "--kd-temperature", "2")]
    [InlineData("--kd-alpha = 0.5 needs a teacher", "--kd-alpha", "0.5")]
    [InlineData("--teacher '/no/such/run': no such directory", "--teacher", "/no/such/run")]
    [InlineData("--kd-temperature = 0 is not allowed", "--teacher", "/tmp", "--kd-temperature", "0")]
    [InlineData("--kd-alpha = -1 is not allowed", "--teacher", "/tmp", "--kd-alpha", "-1")]
    public void BadInput_IsOneLine_WithExitCode2(string fragment, params string[] options)
    {
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, .. options]), fragment);
    }
}
