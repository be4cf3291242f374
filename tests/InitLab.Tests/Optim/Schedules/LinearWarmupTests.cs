namespace InitLab.Tests.Optim.Schedules;

/// <summary><see cref="InitLab.Optim.Schedules.LinearWarmup"/> against torch.optim.lr_scheduler's rates (bench/peers/lr_schedules.py).</summary>
public sealed class LinearWarmupTests
{
    [Theory]
    [InlineData("constant:warmup=10,warmup-start=0.1")]
    [InlineData("cosine:warmup=12")]
    [InlineData("step:step-size=9,gamma=0.5,warmup=6,warmup-start=0.2")]
    public void Rates_MatchTorch_AtEveryStep(string spec) => TorchSchedules.AssertMatches(spec);
}
