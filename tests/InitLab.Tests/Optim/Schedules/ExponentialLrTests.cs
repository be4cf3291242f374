namespace InitLab.Tests.Optim.Schedules;

/// <summary><see cref="InitLab.Optim.Schedules.ExponentialLr"/> against torch.optim.lr_scheduler's rates (bench/peers/lr_schedules.py).</summary>
public sealed class ExponentialLrTests
{
    [Theory]
    [InlineData("exponential:gamma=0.93")]
    public void Rates_MatchTorch_AtEveryStep(string spec) => TorchSchedules.AssertMatches(spec);
}
