using InitLab.Init;
using InitLab.Random;

namespace InitLab.Tests.Init;

public class GainsTests
{
    [Theory]
    [InlineData("linear", 1.0)]
    [InlineData("conv2d", 1.0)]
    [InlineData("conv_transpose3d", 1.0)]
    [InlineData("sigmoid", 1.0)]
    [InlineData("tanh", 5.0 / 3)]
    [InlineData("relu", 1.4142135623730951)]
    [InlineData("leaky_relu", 1.4141428569978354)]
    [InlineData("selu", 0.75)]
    public void PyTorchTable_MatchesCalculateGain(string name, double expected) =>
        Assert.Equal(expected, Gains.Of(Gains.Parse(name)), 15);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(2.2360679774997898)]
    public void LeakyRelu_IsSqrtTwoOverOnePlusSlopeSquared(double slope) =>
        Assert.Equal(Math.Sqrt(2 / (1 + slope * slope)), Gains.Of(Nonlinearity.LeakyRelu, slope), 15);

    [Fact]
    public void SecondMoment_MatchesClosedForms_ForReluAndElu()
    {
        Assert.Equal(0.5, Gains.SecondMoment(Nonlinearity.Relu), 14);
        // E[elu(z)²] = 1/2 + e²·Φ(−2) − 2·√e·Φ(−1) + 1/2.
        double elu = 1 + Math.Exp(2) * NormalCdf(-2) - 2 * Math.Exp(0.5) * NormalCdf(-1);
        Assert.Equal(elu, Gains.SecondMoment(Nonlinearity.Elu), 13);
        Assert.Equal(1 / Math.Sqrt(elu), Gains.Of(Nonlinearity.Elu), 13);
    }

    [Theory]
    [InlineData(Nonlinearity.Gelu)]
    [InlineData(Nonlinearity.Silu)]
    [InlineData(Nonlinearity.Mish)]
    [InlineData(Nonlinearity.Elu)]
    public void Quadrature_AgreesWithFineTrapezoid(Nonlinearity nonlinearity)
    {
        const int n = 400_000;
        double h = 24.0 / n, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double z = -12 + i * h, f = Gains.Activation(nonlinearity, z);
            sum += (i == 0 || i == n ? 0.5 : 1) * f * f * Math.Exp(-0.5 * z * z);
        }
        double reference = sum * h / Math.Sqrt(2 * Math.PI);
        Assert.Equal(reference, Gains.SecondMoment(nonlinearity), 10);
    }

    [Fact]
    public void QuadratureGains_HaveTheDocumentedValues()
    {
        Assert.Equal(1.53353044, Gains.Of(Nonlinearity.Gelu), 7);
        Assert.Equal(1.67653247, Gains.Of(Nonlinearity.Silu), 7);
        Assert.Equal(1.24519830, Gains.Of(Nonlinearity.Elu), 7);
        Assert.Equal(1.48684758, Gains.Of(Nonlinearity.Mish), 7);
        Assert.Equal(Nonlinearity.Silu, Gains.Parse("Swish"));
    }

    [Fact]
    public void Errors_NameTheArgument()
    {
        var slope = Assert.Throws<ArgumentException>(() => Gains.Of(Nonlinearity.Tanh, 0.2));
        Assert.Equal("negativeSlope", slope.ParamName);
        Assert.Contains("0.2", slope.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => Gains.Of(Nonlinearity.LeakyRelu, -1));
        Assert.Contains("-1", negative.Message);
        var unknown = Assert.Throws<ArgumentException>(() => Gains.Parse("relu6"));
        Assert.Contains("'relu6'", unknown.Message);
        Assert.Contains("leaky-relu", unknown.Message);
    }

    static double NormalCdf(double x) => Distribution.Normal(0, 1).Cdf(x);
}
