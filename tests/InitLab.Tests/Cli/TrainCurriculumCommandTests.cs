using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

public class TrainCurriculumCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-16-10", "--batch", "100", "--threads", "1", "--epochs", "1"];

    [Fact]
    public void Curriculum_IsNamedInTheOutput_AndStoredWithAnAbsolutePath()
    {
        using var dir = new TempDirectory();
        string scores = dir.File("scores.txt");
        File.WriteAllLines(scores, Enumerable.Range(0, 5000).Select(i => (i % 7).ToString()));
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, scores);
        var result = CliRunner.Run([.. Small, "--curriculum", "file:" + relative, "--pacing", "step:length=10", "--out", dir.File("run")]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"curriculum file:{scores}, pacing step:length=10", result.Out);
        Assert.Equal("file:" + scores, TrainingConfig.FromJson(File.ReadAllText(Path.Combine(dir.File("run"), "config.json")), "config.json").Curriculum);
    }

    [Theory]
    [InlineData("--curriculum = 'easy' is not allowed", "--curriculum", "easy")]
    [InlineData("--pacing = 'linear' needs a curriculum", "--pacing", "linear")]
    [InlineData("--pacing = 'exp': unknown pacing 'exp'", "--curriculum", "random", "--pacing", "exp")]
    [InlineData("--curriculum file:/no/such/scores: no such file", "--curriculum", "file:/no/such/scores")]
    public void BadInput_IsOneLine_WithExitCode2(string fragment, params string[] options)
    {
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, .. options]), fragment);
    }
}
