namespace InitLab.Tests.Optim.Schedules;

/// <summary><see cref="InitLab.Optim.Schedules.CyclicLr"/> against torch.optim.lr_scheduler's rates (bench/peers/lr_schedules.py).</summary>
public sealed class CyclicLrTests
{
    [Theory]
    [InlineData("cyclic:max-lr=0.5,step-size-up=6")]
    [InlineData("cyclic:base-lr=0.01,max-lr=0.3,step-size-up=4,step-size-down=9,mode=triangular2")]
    [InlineData("cyclic:max-lr=0.4,step-size-up=5,mode=exp-range,gamma=0.97")]
    public void Rates_MatchTorch_AtEveryStep(string spec) => TorchSchedules.AssertMatches(spec);
}
