using System.Text.Json.Nodes;
using InitLab.Lab;
using InitLab.Models;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

public class TrainScheduleCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-32-10", "--batch", "100", "--lr", "0.05", "--momentum", "0.9", "--threads", "1"];

    [Fact]
    public void Resume_MidSchedule_MatchesAnUninterruptedRun_AndADifferentScheduleIsRejected()
    {
        var config = new TrainingConfig
        {
            Data = "embedded", Model = "mlp:784-32-10", Batch = 100, LearningRate = 0.05, Momentum = 0.9, Epochs = 2,
            LrSchedule = "onecycle:max-lr=0.1,warmup=5,warmup-start=0.1",
        };
        var (whole, resumed) = SplitRun.Train(config);
        Assert.Equal(whole.StepLosses, resumed.StepLosses);
        Assert.Equal(whole.History[^1].TestLoss, resumed.History[^1].TestLoss);

        using var run = new TempDirectory();
        Assert.Equal(0, CliRunner.Run([.. Small, "--epochs", "1", "--lr-schedule", "cosine:warmup=3", "--out", run.Path]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", run.Path, "--lr-schedule", "cosine"),
            "--lr-schedule gives lr_schedule = cosine, the run has cosine:warmup=3");
    }

    [Fact]
    public void OldConfig_WithCosine_TrainsTheSameAsTheTextCosine()
    {
        string json = new TrainingConfig { Data = "embedded", Model = "mlp:784-10", LrSchedule = "cosine" }.ToJson();
        Assert.Contains("\"lr_schedule\": \"cosine\"", json);
        Assert.Equal("cosine", TrainingConfig.FromJson(json, "config.json").Validate().LrSchedule);
    }

    [Theory]
    [InlineData("cosine:t-max=0", "--lr-schedule = 'cosine:t-max=0': t-max = 0 is not allowed")]
    [InlineData("cosine:t-max=3", "gives learning rate 0 at step 3")]
    [InlineData("linear", "'linear' is not a schedule; use constant")]
    public void BadSchedule_ExitsTwo_WithOneLine(string schedule, string message) =>
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--epochs", "1", "--lr-schedule", schedule]), message);

    [Fact]
    public void ScheduleCommand_PrintsTheRatePerStep_AndItsJsonMatchesTheLibrary()
    {
        var table = CliRunner.Run("schedule", "step:step-size=2,gamma=0.5", "--lr", "0.4", "--steps", "5");
        Assert.Equal(0, table.ExitCode);
        Assert.Equal([" step  learning_rate", "    0  0.4", "    1  0.4", "    2  0.2", "    3  0.2", "    4  0.1"], table.Out.TrimEnd('\n').Split('\n'));
        var json = JsonNode.Parse(CliRunner.Run("schedule", "sgdr:t0=2,unit=epoch", "--lr", "1", "--epochs", "3", "--batches", "2", "--json").Out)!;
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 1.0, 1.0], json["rates"]!.AsArray().Select(r => (double)r!));
        CliRunner.AssertUsageError(CliRunner.Run("schedule", "cosine:unit=epoch", "--steps", "9"), "unit=epoch needs --epochs E --batches B");
        CliRunner.AssertUsageError(CliRunner.Run("schedule", "cosine", "--steps", "9", "--plot", "x.png"), "--plot = 'x.png' is not allowed; the file must end in .svg or .html");
    }

    [Fact]
    public void CompareAxis_CrossesEverySchedule_AndKeepsOneScheduleInTheTemplate()
    {
        var axes = new GridAxes(["mlp:784-10"], ["he-normal"], ["relu"], [Normalization.None], [OptimizerKind.Sgd], [0.1], Schedules: ["constant", "cosine:warmup=2"]);
        var grid = new ComparisonGrid { Template = new TrainingConfig { Data = "embedded", Model = "mlp:784-10" }, Blocks = [axes] };
        Assert.Equal(["constant", "cosine:warmup=2"], grid.Cells().Select(c => c.Config.LrSchedule));
        Assert.Contains(grid.Describe(), d => d == ("schedules", "constant,cosine:warmup=2"));
        Assert.Equal(["constant", "cosine:warmup=2"], GridList.Split(["constant,cosine:warmup=2"], "--lr-schedule", schemes: true));
    }
}
