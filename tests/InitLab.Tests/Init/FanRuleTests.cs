using InitLab.Init;

namespace InitLab.Tests.Init;

public class FanRuleTests
{
    [Theory]
    [InlineData(new[] { 256, 784 }, 784, 256, 1)]
    [InlineData(new[] { 64, 3, 3, 3 }, 27, 576, 9)]
    [InlineData(new[] { 8, 4, 5 }, 20, 40, 5)]
    [InlineData(new[] { 2, 3, 2, 2, 2 }, 24, 16, 8)]
    public void OutIn_ReadsPyTorchLayout(int[] shape, long fanIn, long fanOut, long receptive) =>
        Assert.Equal(new Fans(fanIn, fanOut, receptive), new FanRule(WeightLayout.OutIn).Compute(shape));

    [Theory]
    [InlineData(new[] { 784, 256 }, 784, 256, 1)]
    [InlineData(new[] { 3, 3, 3, 64 }, 27, 576, 9)]
    public void InOut_ReadsKerasLayout(int[] shape, long fanIn, long fanOut, long receptive) =>
        Assert.Equal(new Fans(fanIn, fanOut, receptive), new FanRule(WeightLayout.InOut).Compute(shape));

    [Fact]
    public void GroupedConv_DividesFanOutByGroups_UnlessUncorrected()
    {
        // Conv2d(in 32, out 64, k 3, groups 4): weight [64, 8, 3, 3]. Each output sees 8·9 inputs; each input feeds 16·9 outputs.
        int[] shape = [64, 8, 3, 3];
        Assert.Equal(new Fans(72, 144, 9), new FanRule(WeightLayout.OutIn, groups: 4).Compute(shape));
        // PyTorch's _calculate_fan_in_and_fan_out: fan_out = size(0)·k̄ = 576 (issue #23854).
        Assert.Equal(new Fans(72, 576, 9), new FanRule(WeightLayout.OutIn, groups: 4, correctGroups: false).Compute(shape));
        Assert.Equal(new Fans(72, 144, 9), new FanRule(WeightLayout.InOut, groups: 4).Compute([3, 3, 8, 64]));
    }

    [Fact]
    public void TransposedLayouts_SwapChannelRoles_AndDivideInputByGroups()
    {
        // ConvTranspose2d(in 32, out 16, k 4, groups 2): weight [32, 8, 4, 4]. Each output sees 16·16 inputs, each input feeds 8·16 outputs.
        Assert.Equal(new Fans(256, 128, 16), new FanRule(WeightLayout.OutInTransposed, groups: 2).Compute([32, 8, 4, 4]));
        Assert.Equal(new Fans(512, 128, 16), new FanRule(WeightLayout.OutInTransposed, groups: 2, correctGroups: false).Compute([32, 8, 4, 4]));
        // PyTorch reads the same weight as OutIn, swapping the roles: fan_in = 8·16, fan_out = 32·16.
        Assert.Equal(new Fans(128, 512, 16), new FanRule(WeightLayout.OutIn, correctGroups: false).Compute([32, 8, 4, 4]));
        // Keras Conv2DTranspose kernel [*k, out, in].
        Assert.Equal(new Fans(32 * 16, 16 * 16, 16), new FanRule(WeightLayout.InOutTransposed).Compute([4, 4, 16, 32]));
    }

    [Fact]
    public void ExplicitAxes_FollowJax_WithBatchAxesExcluded()
    {
        // JAX variance_scaling(in_axis=-2, out_axis=-1, batch_axis=0) on [5, 3, 3, 16, 32]: 5 stacked conv kernels.
        var rule = new FanRule(axes: new FanAxes([-2], [-1], [0]));
        Assert.Equal(new Fans(16 * 9, 32 * 9, 9), rule.Compute([5, 3, 3, 16, 32]));
        // Several input axes multiply: in_axis = (0, 1), out_axis = 2.
        Assert.Equal(new Fans(12, 5, 1), new FanRule(axes: new FanAxes([0, 1], [2])).Compute([3, 4, 5]));
    }

    [Fact]
    public void ExplicitFans_WinOverShape_AndAllowRankBelowTwo()
    {
        var rule = new FanRule(fanIn: 784, fanOut: 256);
        Assert.Equal(new Fans(784, 256, null), rule.Compute([256]));
        Assert.Equal(new Fans(784, 256, null), rule.Compute([]));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    public void RankBelowTwo_WithoutFans_IsAnError(int[] shape)
    {
        var e = Assert.Throws<ArgumentException>(() => FanRule.Default.Compute(shape));
        Assert.Equal("shape", e.ParamName);
        Assert.Contains($"rank {shape.Length}", e.Message);
        Assert.Contains("fan_in and fan_out", e.Message);
    }

    [Fact]
    public void InvalidRules_NameTheArgument_AndEchoTheValue()
    {
        var groups = Assert.Throws<ArgumentOutOfRangeException>(() => new FanRule(groups: 0));
        Assert.Equal("groups", groups.ParamName);
        Assert.Contains("groups = 0", groups.Message);
        var one = Assert.Throws<ArgumentException>(() => new FanRule(fanIn: 3));
        Assert.Contains("fan_in = 3", one.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new FanRule(fanIn: -2, fanOut: 3));
        Assert.Contains("fanIn = -2", negative.Message);
        var divide = Assert.Throws<ArgumentException>(() => new FanRule(groups: 3).Compute([64, 8, 3, 3]));
        Assert.Contains("groups = 3", divide.Message);
        var axis = Assert.Throws<ArgumentException>(() => new FanRule(axes: new FanAxes([5], [0])).Compute([3, 4]));
        Assert.Contains("axis = 5", axis.Message);
        var repeated = Assert.Throws<ArgumentException>(() => new FanRule(axes: new FanAxes([0], [-2])).Compute([3, 4]));
        Assert.Contains("repeat", repeated.Message);
    }
}
