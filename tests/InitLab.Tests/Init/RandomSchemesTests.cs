using InitLab.Init;
using InitLab.Random;
using InitLab.Tests.Validation;

namespace InitLab.Tests.Init;

public class RandomSchemesTests
{
    public static TheoryData<string, InitScheme, Distribution> Cases() => new()
    {
        { "uniform", new Uniform(-0.05, 0.05), Distribution.Uniform(-0.05, 0.05) },
        { "normal", new Normal(0.5, 0.01), Distribution.Normal(0.5, 0.01) },
        { "truncated-normal torch", new TruncatedNormal(0, 1, -2, 2), Distribution.TruncatedNormal(0, 1, -2, 2) },
        { "truncated-normal keras", new TruncatedNormal(0, 0.05, -0.1, 0.1), Distribution.TruncatedNormal(0, 0.05, -0.1, 0.1) },
        { "truncated-normal gpt2", new TruncatedNormal(0, 0.02, -2, 2), Distribution.TruncatedNormal(0, 0.02, -2, 2) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_FollowTheDistribution(string what, InitScheme scheme, Distribution expected) =>
        SchemeSampling.AssertFollows(scheme, [300, 500], SchemeSampling.Context(what), expected);

    [Fact]
    public void ConstantSchemes_SetEveryElement()
    {
        var context = SchemeSampling.Context("c");
        Assert.All(SchemeSampling.Draw(new Constant(0.3), [7, 9], context), v => Assert.Equal(0.3f, v));
        Assert.All(SchemeSampling.Draw(new Zeros(), [7, 9], context), v => Assert.Equal(0f, v));
        Assert.All(SchemeSampling.Draw(new Ones(), [63], context), v => Assert.Equal(1f, v));
        Assert.Equal(0, new Constant(0.3).Describe([7, 9], context).Std);
    }

    [Fact]
    public void InvalidArguments_NameTheArgument_AndEchoTheValue()
    {
        GuardAssert.Rejects("low", "2", () => new Uniform(2, 1));
        GuardAssert.Rejects("std", "-1", () => new Normal(0, -1));
        GuardAssert.Rejects("value", "Infinity", () => new Constant(double.PositiveInfinity));
        GuardAssert.Rejects("low", "3", () => new TruncatedNormal(0, 1, 3, 2));
    }
}
