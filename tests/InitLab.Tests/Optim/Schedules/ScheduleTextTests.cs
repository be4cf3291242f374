using InitLab.Optim.Schedules;

namespace InitLab.Tests.Optim.Schedules;

public sealed class ScheduleTextTests
{
    [Fact]
    public void Cosine_IsBitIdentical_ToTheCosineOfEarlierRuns()
    {
        var cosine = ScheduleText.Parse("cosine", "--lr-schedule");
        foreach (long total in new long[] { 1, 7, 100, 4690 })
            for (long t = 0; t < total; t++)
            {
                // The formula TrainingConfig.LearningRateAt used before schedules took arguments.
                double before = 0.37 * (1 + Math.Cos(Math.PI * Math.Min(t, total - 1) / total)) / 2;
                Assert.Equal(BitConverter.DoubleToInt64Bits(before), BitConverter.DoubleToInt64Bits(cosine.LearningRateAt(0.37, t, total, 3)));
            }
    }

    [Fact]
    public void UnitEpoch_HoldsTheRateWithinAnEpoch_AndCountsEpochs()
    {
        var perEpoch = ScheduleText.Parse("step:step-size=2,gamma=0.5,unit=epoch", "--lr-schedule");
        double[] rates = [.. Enumerable.Range(0, 12).Select(t => perEpoch.LearningRateAt(1, t, 12, batchesPerEpoch: 3))];
        Assert.Equal([1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], rates);
        // cosine's T_max defaults to the run's epochs: ⌈10/4⌉ = 3, so epoch 1 (steps 4..7) has cos(π/3).
        var cosine = ScheduleText.Parse("cosine:unit=epoch", "--lr-schedule");
        Assert.Equal(0.75, cosine.LearningRateAt(1, 5, 10, 4), 15);
    }

    [Fact]
    public void NamesAndAliases_Parse_ToTheirSchedules()
    {
        Assert.IsType<CosineWarmRestarts>(ScheduleText.Parse("cosine-warm-restarts:t0=3", "--lr-schedule").Schedule);
        Assert.IsType<OneCycleLr>(ScheduleText.Parse("one-cycle", "--lr-schedule").Schedule);
        Assert.IsType<LinearWarmup>(ScheduleText.Parse("onecycle:warmup=5", "--lr-schedule").Schedule);
        Assert.Equal(new MultiStepLr([3, 9], 0.1).Milestones, ((MultiStepLr)ScheduleText.Parse("multistep:milestones=3+9", "--lr-schedule").Schedule).Milestones);
    }

    [Theory]
    [InlineData("warm", "'warm' is not a schedule; use constant")]
    [InlineData("step", "step needs step-size=VALUE")]
    [InlineData("step:step-size=2.5", "step-size = 2.5 is not allowed; it must be a whole number ≥ 1")]
    [InlineData("step:step-size=4,gamma=0", "gamma = 0 is not allowed; it must be finite and > 0")]
    [InlineData("cosine:gamma=0.5", "'gamma' is not a parameter of cosine; use t-max, eta-min, warmup, warmup-start, unit")]
    [InlineData("cosine:eta-min=-1", "eta-min = -1 is not allowed; it must be finite and ≥ 0")]
    [InlineData("multistep:milestones=9+3", "milestones = '9+3' is not allowed; give increasing whole steps")]
    [InlineData("multistep", "multistep needs milestones=")]
    [InlineData("cyclic:max-lr=1,mode=sawtooth", "mode = 'sawtooth' is not known; use one of: triangular, triangular2, exp-range")]
    [InlineData("onecycle:pct-start=1", "pct-start = 1 is not allowed; it must be in (0, 1)")]
    [InlineData("onecycle:three-phase=yes", "three-phase = 'yes' is not allowed; use true or false")]
    [InlineData("constant:warmup=0", "warmup = 0 is not allowed")]
    [InlineData("constant:warmup=5,warmup-start=0", "warmup-start = 0 is not allowed; it must be in (0, 1]")]
    [InlineData("constant:warmup-start=0.5", "warmup-start needs warmup=STEPS")]
    [InlineData("constant:unit=batch", "unit = 'batch' is not known; use one of: step, epoch")]
    [InlineData("exponential:gamma=x", "gamma = 'x' is not a number")]
    public void BadText_IsRejected_NamingOptionAndValue(string text, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleText.Parse(text, "--lr-schedule"));
        Assert.Contains("--lr-schedule", e.Message);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void FirstNonPositive_FindsTheStepWhereTheRateReachesZero()
    {
        // cosine with T_max 4 and η_min 0 reaches exactly 0 at step 4.
        Assert.Equal((4L, 0.0), ScheduleText.Parse("cosine:t-max=4", "--lr-schedule").FirstNonPositive(0.1, 10, 1));
        Assert.Null(ScheduleText.Parse("cosine", "--lr-schedule").FirstNonPositive(0.1, 10, 1));
    }
}
