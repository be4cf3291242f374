using InitLab.Nn;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Training;

public sealed class ExponentialMovingAverageTests
{
    static readonly float[][] Weights = [[0.5f, -1.25f, 3.0f, 1e-3f, -7.5f], [0.25f, -1.0f, 2.5f, 0.2f, -7.0f], [1.5f, 0.75f, -2.0f, 0.1f, 4.0f], [-0.3f, 0.6f, 0.9f, -1.2f, 1.5f]];

    // /usr/bin/python3 bench/peers/ema_weights.py (torch 1.13 AveragedModel, avg_fn = 0.9·a + 0.1·w).
    static readonly double[][] Torch =
    [
        [0.5, -1.25, 3.0, 0.0010000000474974513, -7.5],
        [0.4749999940395355, -1.225000023841858, 2.9499998092651367, 0.020900001749396324, -7.449999809265137],
        [0.5774999856948853, -1.0274999141693115, 2.4549996852874756, 0.02881000190973282, -6.304999351501465],
        [0.4897499978542328, -0.8647499084472656, 2.29949951171875, -0.09407100081443787, -5.52449893951416],
    ];

    [Fact]
    public void Averages_MatchTorchAveragedModel_AfterEveryUpdate()
    {
        var p = new Parameter("w", ParameterRole.Weight, [5]);
        var ema = new ExponentialMovingAverage([p], 0.9);
        for (int t = 0; t < Weights.Length; t++)
        {
            Weights[t].CopyTo(p.Value.Span);
            ema.Update();
            ema.Swap();
            for (int j = 0; j < 5; j++)
                Assert.True(Math.Abs(p.Value.Span[j] - Torch[t][j]) <= 2e-7 * Math.Abs(Torch[t][j]), $"update {t}, element {j}: {p.Value.Span[j]:R} vs {Torch[t][j]:R}");
            ema.Swap();
            Assert.Equal(Weights[t], p.Value.Span.ToArray());
        }
        Assert.Equal(4, ema.Count);
    }

    [Fact]
    public void Resume_RestoresTheAverage_BitIdentically()
    {
        var config = new TrainingConfig { Data = "embedded", Model = "mlp:784-32-10", Batch = 100, LearningRate = 0.05, Momentum = 0.9, Epochs = 2, Ema = 0.95 };
        var (whole, resumed) = SplitRun.Train(config);
        var (last, again) = (whole.History[^1], resumed.History[^1]);
        Assert.Equal(last.EmaTestLoss, again.EmaTestLoss);
        Assert.Equal(last.EmaTestAccuracy, again.EmaTestAccuracy);
        Assert.NotEqual(last.TestLoss, last.EmaTestLoss);
        var row = EpochMetrics.FromCsv(last.ToCsv());
        Assert.Equal(last.EmaTestAccuracy, row.EmaTestAccuracy);
    }

    [Theory]
    [InlineData("0", "--ema = 0 is not allowed; the decay must be in (0, 1)")]
    [InlineData("1", "--ema = 1 is not allowed; the decay must be in (0, 1)")]
    public void BadDecay_ExitsTwo_NamingTheOption(string decay, string message) =>
        CliRunner.AssertUsageError(CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--ema", decay]), message);
}
