using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

/// <summary><c>train --classes</c> / <c>--per-class</c> and <c>--init-from-skip</c>: what is trained on, the head that fits, resume agreement, one-line errors.</summary>
public sealed class TrainSubsetCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("subset-").FullName;

    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-16-5", "--batch", "50", "--threads", "1", "--epochs", "1"];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Classes_AndPerClass_SetTheSetSizes_AndTheConfig()
    {
        string run = Path.Combine(_dir, "run");
        var result = CliRunner.Run([.. Small, "--classes", "5-9", "--per-class", "40", "--out", run]);
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("(200 train / 500 test)", result.Out); // the embedded test set holds 100 images per class
        var config = TrainingConfig.FromJson(File.ReadAllText(Path.Combine(run, "config.json")), "config.json");
        Assert.Equal([5, 6, 7, 8, 9], config.Classes);
        Assert.Equal(40, config.PerClass);
    }

    [Fact]
    public void Resume_WithOtherClassesOrPerClass_IsRefused_AndTheSameOnesAreAccepted()
    {
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, CliRunner.Run([.. Small, "--classes", "0-4", "--per-class", "30", "--out", run]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--classes", "5-9", "--resume", run]), "--classes gives classes = [5,6,7,8,9], the run has [0,1,2,3,4]");
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--per-class", "31", "--resume", run]), "--per-class gives per_class = 31, the run has 30");
        var same = CliRunner.Run([.. Small[..^2], "--epochs", "2", "--classes", "0,1,2,3,4", "--per-class", "30", "--resume", run]);
        Assert.True(same.ExitCode == 0, same.Err);
        Assert.Contains("resumed after epoch 1", same.Out);
    }

    [Fact]
    public void OldConfig_WithoutTheNewKeys_ReadsAsTheWholeSet()
    {
        var config = TrainingConfig.FromJson("{\"data\": \"embedded\", \"model\": \"mlp:784-10\"}", "old");
        Assert.Null(config.Classes);
        Assert.Null(config.PerClass);
    }

    [Theory]
    [InlineData("--per-class = 0 is not allowed", "--per-class", "0")]
    [InlineData("--classes = '0-4,x': 'x' is not a label", "--classes", "0-4,x")]
    [InlineData("has 5 classes, but embedded train (classes 0,1,2) has 3; end the spec with 3", "--classes", "0-2")]
    [InlineData("--classes names class 11", "--classes", "0-3,11")]
    [InlineData("class 0 of embedded train has only 500 images", "--per-class", "501")]
    [InlineData("cannot be combined with --classes or --per-class", "--per-class", "10", "--curriculum", "file:/nonexistent")]
    [InlineData("--init-from-skip applies to weights loaded with --init-from", "--init-from-skip", "layers.2.*")]
    public void BadInput_IsOneLine_WithExitCode2(string fragment, params string[] options) =>
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, .. options]), fragment);

    [Fact]
    public void InitFromSkip_KeepsTheHeadsScheme_AndAPatternMatchingNothingIsRefused()
    {
        string source = Path.Combine(_dir, "source");
        Assert.Equal(0, CliRunner.Run([.. Small, "--classes", "0-4", "--out", source]).ExitCode);
        var tuned = CliRunner.Run([.. Small, "--classes", "5-9", "--init-from", source, "--init-from-skip", "layers.2.*"]);
        Assert.True(tuned.ExitCode == 0, tuned.Err);
        Assert.Contains("2 of 4 tensors loaded", tuned.Err);
        Assert.Contains("layers.2.weight [5, 16]: initialized by he-normal (not loaded: --init-from-skip)", tuned.Err);
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--classes", "5-9", "--init-from", source, "--init-from-skip", "head.*"]),
            "--init-from-skip pattern 'head.*' matches no parameter or buffer");
    }

    [Fact]
    public void Teacher_OfOtherClasses_IsRefused_AndOfTheSameClassesDistills()
    {
        string other = Path.Combine(_dir, "other"), same = Path.Combine(_dir, "same");
        Assert.Equal(0, CliRunner.Run([.. Small, "--classes", "0-4", "--out", other]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. Small, "--classes", "5-9", "--out", same]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--classes", "5-9", "--teacher", other]),
            "was trained on --classes 0,1,2,3,4, the student on --classes 5,6,7,8,9");
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--classes", "5-9", "--curriculum", "teacher:" + other]),
            "was trained on --classes 0,1,2,3,4, the student on --classes 5,6,7,8,9");
        var distilled = CliRunner.Run([.. Small, "--classes", "5-9", "--per-class", "30", "--teacher", same]);
        Assert.True(distilled.ExitCode == 0, distilled.Err);
        Assert.Contains("(150 train / 500 test)", distilled.Out);
    }
}
