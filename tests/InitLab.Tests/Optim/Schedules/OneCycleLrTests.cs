namespace InitLab.Tests.Optim.Schedules;

/// <summary><see cref="InitLab.Optim.Schedules.OneCycleLr"/> against torch.optim.lr_scheduler's rates (bench/peers/lr_schedules.py).</summary>
public sealed class OneCycleLrTests
{
    [Theory]
    [InlineData("onecycle")]
    [InlineData("onecycle:max-lr=0.8,pct-start=0.25,div-factor=10,final-div-factor=100,anneal=linear")]
    [InlineData("onecycle:three-phase=true,pct-start=0.2")]
    public void Rates_MatchTorch_AtEveryStep(string spec) => TorchSchedules.AssertMatches(spec);
}
