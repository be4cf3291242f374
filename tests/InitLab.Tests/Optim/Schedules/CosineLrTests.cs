namespace InitLab.Tests.Optim.Schedules;

/// <summary><see cref="InitLab.Optim.Schedules.CosineLr"/> against torch.optim.lr_scheduler's rates (bench/peers/lr_schedules.py).</summary>
public sealed class CosineLrTests
{
    [Theory]
    [InlineData("cosine")]
    [InlineData("cosine:t-max=25,eta-min=0.004")]
    public void Rates_MatchTorch_AtEveryStep(string spec) => TorchSchedules.AssertMatches(spec);
}
