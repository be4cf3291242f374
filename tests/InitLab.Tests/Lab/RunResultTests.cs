using InitLab.Lab;
using InitLab.Training;

namespace InitLab.Tests.Lab;

public class RunResultTests
{
    static readonly InitDiagnostics Probe = new(1, 1, null, 0.1, null, 2.3, [1.0], [1.0]);

    static RunResult Result(RunStatus status, float[] losses, params double[] accuracies) => new(status, status == RunStatus.Diverged ? losses.Length : null, null, 10,
        [.. accuracies.Select((a, i) => new EpochMetrics(i + 1, i + 1, 1, 0.5, 1, a, 100, 1))], losses, Probe, [], 1);

    [Fact]
    public void LossAt_IsTheMeanOfTheWindowEndingAtTheStep()
    {
        var r = Result(RunStatus.Completed, [4, 3, 2, 1], 0.8);
        Assert.Equal(2.5, r.LossAt(3, 2), 12);
        Assert.Equal(3.5, r.LossAt(2, 5), 12);
        Assert.True(double.IsNaN(r.LossAt(5, 2)));
    }

    [Fact]
    public void StepsToLoss_IsTheFirstStepWhoseWindowMeanReachesTheTarget()
    {
        var r = Result(RunStatus.Completed, [4, 3, 2, 1, 0.5f], 0.8);
        Assert.Equal(4, r.StepsToLoss(1.5, 2));
        Assert.Equal(3, r.StepsToLoss(2, 1));
        Assert.Null(r.StepsToLoss(0.1, 2));
    }

    [Fact]
    public void DivergedRun_CountsAtChance_BestKeepsItsEarlierEpochs()
    {
        var r = Result(RunStatus.Diverged, [2, 1], 0.6);
        Assert.Equal(0.1, r.FinalAccuracy, 12);
        Assert.Equal(0.6, r.BestAccuracy, 12);
        Assert.Equal(0.1, Result(RunStatus.Diverged, [2]).BestAccuracy, 12);
    }

    [Fact]
    public void Json_RoundTrips_IncludingNaN()
    {
        var r = Result(RunStatus.Completed, [float.NaN, 1.5f], 0.8) with { Symmetry = [new UnitSymmetry("layers.0.weight", 4, 0, 0, 1.5)] };
        var back = RunResult.FromJson(r.ToJson(), "test");
        Assert.Equal(r.ToJson(), back.ToJson());
        Assert.True(float.IsNaN(back.StepLosses[0]));
        Assert.Equal(r.Epochs, back.Epochs);
    }

    [Fact]
    public void CellSummary_MeansAndIntervals_AreTheSeedStatistics()
    {
        var results = new[] { Result(RunStatus.Completed, [1, 0.4f], 0.8), Result(RunStatus.Completed, [1, 0.6f], 0.9), Result(RunStatus.Diverged, [3], 0.5) };
        var cell = ComparisonPresets.Get("quick").Cells()[0];
        var s = CellSummary.Of(cell, results, [1, 2], 1, 0.5);
        Assert.Equal((0.8 + 0.9 + 0.1) / 3, s.FinalAccuracy.Mean, 12);
        Assert.Equal(1, s.Diverged);
        Assert.Equal(1, s.Reached);
        Assert.Equal(2, s.StepsToTarget.Mean);
        Assert.Equal((1 + 1 + 3) / 3.0, s.LossAt[0].Loss.Mean, 6);
        Assert.Equal(2, s.LossAt[1].Loss.Count);
    }
}
