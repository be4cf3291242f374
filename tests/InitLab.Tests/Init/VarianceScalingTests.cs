using InitLab.Init;
using InitLab.Random;
using InitLab.Tests.Validation;

namespace InitLab.Tests.Init;

public class VarianceScalingTests
{
    const double C = 0.87962566103423978;

    static TruncatedNormalDistribution TwoSigma(double std) => Distribution.TruncatedNormal(0, std / C, -2 * std / C, 2 * std / C);

    public static TheoryData<string, InitScheme, int[], WeightLayout, Distribution> Cases() => new()
    {
        // bound = gain·√(6/(fan_in+fan_out))
        { "glorot-uniform linear", new GlorotUniform(), [256, 784], WeightLayout.OutIn, Distribution.Uniform(-Math.Sqrt(6.0 / 1040), Math.Sqrt(6.0 / 1040)) },
        { "glorot-uniform tanh conv", new GlorotUniform(5.0 / 3), [64, 32, 3, 3], WeightLayout.OutIn,
            Distribution.Uniform(-5.0 / 3 * Math.Sqrt(6.0 / 864), 5.0 / 3 * Math.Sqrt(6.0 / 864)) },
        // std = gain·√(2/(fan_in+fan_out))
        { "glorot-normal", new GlorotNormal(), [256, 784], WeightLayout.OutIn, Distribution.Normal(0, Math.Sqrt(2.0 / 1040)) },
        { "glorot-normal truncated", new GlorotNormal(truncated: true), [784, 256], WeightLayout.InOut, TwoSigma(Math.Sqrt(2.0 / 1040)) },
        // bound = √(6/fan_in) for relu
        { "he-uniform relu", new HeUniform(), [128, 64, 3, 3], WeightLayout.OutIn, Distribution.Uniform(-Math.Sqrt(6.0 / 576), Math.Sqrt(6.0 / 576)) },
        // std = √(2/(1+s²))/√fan_out
        { "he-normal leaky fan-out", new HeNormal(Nonlinearity.LeakyRelu, 0.2, FanMode.FanOut), [64, 32, 3, 3], WeightLayout.OutIn,
            Distribution.Normal(0, Math.Sqrt(2 / 1.04) / Math.Sqrt(576)) },
        { "he-normal truncated keras", new HeNormal(truncated: true), [3, 3, 32, 64], WeightLayout.InOut, TwoSigma(Math.Sqrt(2.0 / 288)) },
        { "lecun-uniform", new LecunUniform(), [100, 300], WeightLayout.OutIn, Distribution.Uniform(-Math.Sqrt(3.0 / 300), Math.Sqrt(3.0 / 300)) },
        { "lecun-normal", new LecunNormal(), [100, 300], WeightLayout.OutIn, Distribution.Normal(0, 1 / Math.Sqrt(300)) },
        { "lecun-normal truncated", new LecunNormal(true), [300, 100], WeightLayout.InOut, TwoSigma(1 / Math.Sqrt(300)) },
        // n = √(200·800) = 400
        { "variance-scaling geo-avg uniform", new VarianceScaling(3, FanMode.FanGeoAvg, ScalingDistribution.Uniform), [200, 800], WeightLayout.OutIn,
            Distribution.Uniform(-Math.Sqrt(9.0 / 400), Math.Sqrt(9.0 / 400)) },
        { "variance-scaling fan-out truncated", new VarianceScaling(0.5, FanMode.FanOut, ScalingDistribution.TruncatedNormal), [200, 800], WeightLayout.OutIn,
            TwoSigma(Math.Sqrt(0.5 / 200)) },
        { "variance-scaling fan-avg normal", new VarianceScaling(2, FanMode.FanAvg, ScalingDistribution.Normal), [200, 800], WeightLayout.OutIn,
            Distribution.Normal(0, Math.Sqrt(2.0 / 500)) },
        // torch.nn.Linear(784, 256): U(±1/√784)
        { "pytorch-default", new PyTorchDefault(), [256, 784], WeightLayout.OutIn, Distribution.Uniform(-1.0 / 28, 1.0 / 28) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_FollowTheFormulasDistribution_ByKsAndMoments(string what, InitScheme scheme, int[] shape, WeightLayout layout, Distribution expected)
    {
        SchemeSampling.AssertFollows(scheme, shape, SchemeSampling.Context(what, layout), expected);
        var theory = scheme.Describe(shape, SchemeSampling.Context(what, layout));
        Assert.Equal(expected.Std, theory.Std, 1e-15);
        Assert.IsType(expected.GetType(), theory.Element);
        Assert.Equal(expected.Minimum, theory.Element!.Minimum, 1e-15);
        Assert.Equal(expected.Maximum, theory.Element.Maximum, 1e-15);
    }

    [Fact]
    public void TruncationConstant_IsTheStdOfTheStandardNormalOnPlusMinusTwo() =>
        Assert.Equal(C, Distribution.TruncatedNormal(0, 1, -2, 2).Std, 15);

    [Fact]
    public void TruncatedVariants_KeepTheFormulasStd()
    {
        var plain = new HeNormal().Describe([64, 576], SchemeSampling.Context("a"));
        var truncated = new HeNormal(truncated: true).Describe([64, 576], SchemeSampling.Context("a"));
        Assert.Equal(Math.Sqrt(2.0 / 576), plain.Std, 15);
        Assert.Equal(plain.Std, truncated.Std, 12);
        Assert.Equal(2 * Math.Sqrt(2.0 / 576) / C, truncated.Bound!.Value, 12);
    }

    [Fact]
    public void NamedSchemes_AreThinSpecializations_OfTheCore()
    {
        Assert.Equal(new VarianceScaling(4, FanMode.FanAvg, ScalingDistribution.Uniform), new GlorotUniform(2).Core());
        Assert.Equal(new VarianceScaling(1, FanMode.FanAvg, ScalingDistribution.TruncatedNormal), new GlorotNormal(truncated: true).Core());
        Assert.Equal(new VarianceScaling(2, FanMode.FanIn, ScalingDistribution.Normal).Scale, new HeNormal().Core().Scale, 15);
        Assert.Equal(new VarianceScaling(1, FanMode.FanIn, ScalingDistribution.Uniform), new LecunUniform().Core());
        // PyTorch's kaiming default (leaky_relu, a = 0) equals relu.
        Assert.Equal(new HeUniform().Core(), new HeUniform(Nonlinearity.LeakyRelu, 0).Core());
    }

    [Fact]
    public void PyTorchDefault_ForABias_UsesTheWeightsFans()
    {
        var context = new InitContext(new RandomStream(3, "fc.bias"), new FanRule(fanIn: 784, fanOut: 256));
        SchemeSampling.AssertFollows(new PyTorchDefault(), [100_000], context, Distribution.Uniform(-1.0 / 28, 1.0 / 28));
    }

    [Fact]
    public void FanBasedSchemes_RejectRankBelowTwo_WithoutFans()
    {
        var e = Assert.Throws<ArgumentException>(() => new GlorotUniform().Initialize<float>(new float[5], [5], SchemeSampling.Context("b")));
        Assert.Contains("rank 1", e.Message);
    }

    [Fact]
    public void InvalidArguments_NameTheArgument_AndEchoTheValue()
    {
        GuardAssert.Rejects("gain", "-1", () => new GlorotUniform(-1));
        GuardAssert.Rejects("gain", "NaN", () => new GlorotNormal(double.NaN));
        GuardAssert.Rejects("scale", "0", () => new VarianceScaling(0, FanMode.FanIn, ScalingDistribution.Normal));
        GuardAssert.Rejects("mode", "fan-avg", () => new HeNormal(mode: FanMode.FanAvg));
        GuardAssert.Rejects("negativeSlope", "0.3", () => new HeUniform(Nonlinearity.Relu, 0.3));
        GuardAssert.Rejects("mode", "9", () => new VarianceScaling(1, (FanMode)9, ScalingDistribution.Normal));
    }
}
