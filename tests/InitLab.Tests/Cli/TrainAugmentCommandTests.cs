using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

public class TrainAugmentCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-16-10", "--batch", "100", "--threads", "1", "--epochs", "1"];

    [Fact]
    public void Augment_IsRecordedInTheConfig_AndChangesTheTrainingLoss()
    {
        using var dir = new TempDirectory();
        var augmented = CliRunner.Run([.. Small, "--augment", "crop:pad=4,flip", "--out", dir.Path]);
        var plain = CliRunner.Run([.. Small]);
        Assert.Equal(0, augmented.ExitCode);
        Assert.Equal("crop:pad=4,flip", TrainingConfig.FromJson(File.ReadAllText(dir.File("config.json")), "config.json").Augment);
        string Row(string output) => output.Split('\n').First(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal))[..30];
        Assert.NotEqual(Row(plain.Out), Row(augmented.Out));
    }

    [Theory]
    [InlineData("rotate:deg=10", "unknown transform 'rotate'")]
    [InlineData("crop:pad=80", "crop:pad = 80 is not allowed")]
    [InlineData("crop:pad=14", "crop moves the image up to 14 pixels, too far for 28×28 images; keep it below 14.")]
    [InlineData("flip:p=2", "flip:p = 2 is not allowed")]
    public void BadAugment_IsOneLine_WithExitCode2(string value, string fragment)
    {
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--augment", value]), fragment);
    }
}
