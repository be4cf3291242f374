namespace InitLab.Tests.Optim.Schedules;

/// <summary><see cref="InitLab.Optim.Schedules.CosineWarmRestarts"/> against torch.optim.lr_scheduler's rates (bench/peers/lr_schedules.py).</summary>
public sealed class CosineWarmRestartsTests
{
    [Theory]
    [InlineData("sgdr:t0=8")]
    [InlineData("sgdr:t0=5,t-mult=2,eta-min=0.002")]
    public void Rates_MatchTorch_AtEveryStep(string spec) => TorchSchedules.AssertMatches(spec);
}
