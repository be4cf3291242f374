using InitLab.Activations;

namespace InitLab.Tests.Activations;

public class ActivationTests
{
    public static TheoryData<string> Names => new()
    {
        "identity", "tanh", "relu", "leaky_relu:0.2", "sigmoid", "gelu", "silu", "elu:0.7", "selu", "softplus",
    };

    static readonly double[] Points = [-6.5, -2.25, -1, -0.3, -1e-3, 1e-3, 0.4, 1.5, 3, 7.25];

    /// <summary>Checks <paramref name="derivative"/> against the central difference of <paramref name="f"/> away from kinks.</summary>
    static void AssertIsDerivative(Func<double, double> f, Func<double, double> derivative, string label)
    {
        const double h = 1e-5;
        foreach (double x in Points)
        {
            double numeric = (f(x + h) - f(x - h)) / (2 * h);
            Assert.True(Math.Abs(numeric - derivative(x)) < 1e-8, $"{label}({x}): {derivative(x)} vs {numeric}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivative_MatchesCentralDifferenceOfValue(string name)
    {
        var a = Activation.Parse(name);
        AssertIsDerivative(a.Value, a.Derivative, $"{name}′");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SecondDerivative_MatchesCentralDifferenceOfDerivative(string name)
    {
        var a = Activation.Parse(name);
        AssertIsDerivative(a.Derivative, a.SecondDerivative, $"{name}″");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_ReadsBackToString(string name)
    {
        var a = Activation.Parse(name);
        Assert.Equal(a, Activation.Parse(a.ToString()));
        Assert.Equal(name, a.ToString());
    }

    [Fact]
    public void KnownValues_MatchTheirDefinitions()
    {
        Assert.Equal(0.8413447460685429, Activation.Gelu.Value(1), 15);               // Φ(1)
        Assert.Equal(1 / (1 + Math.Exp(-2.0)) * 2, Activation.Silu.Value(2), 15);
        Assert.Equal(Activation.SeluLambda * Activation.SeluAlpha * (Math.Exp(-1.0) - 1), Activation.Selu.Value(-1), 15);
        Assert.Equal(800, Activation.Softplus.Value(800), 12);                        // no overflow of e^800
        Assert.Equal(1, Activation.Softplus.Value(-700) / Math.Exp(-700), 12);       // full precision far left
        Assert.Equal(0, Activation.Relu.Derivative(0));                              // PyTorch's relu′(0)
        Assert.Equal(0.2, Activation.LeakyRelu(0.2).Derivative(-3));
    }

    [Fact]
    public void Aliases_ResolveToTheSameActivation()
    {
        Assert.Same(Activation.Silu, Activation.Parse("swish"));
        Assert.Same(Activation.Identity, Activation.Parse("linear"));
        Assert.Equal(Activation.LeakyRelu(0.01), Activation.Parse(" Leaky_ReLU "));
        Assert.Equal(Activation.Elu(1), Activation.Parse("elu"));
    }

    [Theory]
    [InlineData("swishy", "is not known; use one of: identity")]
    [InlineData("tanh:2", "tanh takes no parameter")]
    [InlineData("elu:x", "'x' is not a number")]
    public void Parse_RejectsBadText_NamingTheArgument(string text, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Activation.Parse(text, "--act"));
        Assert.Contains("--act", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Elu_RejectsNonPositiveAlpha() =>
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Activation.Elu(0)).ParamName);
}
