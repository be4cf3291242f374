using InitLab.Activations;
using InitLab.Theory;
using MathNet.Numerics.Integration;

namespace InitLab.Tests.Theory;

public class GaussianExpectationTests
{
    /// <summary>An independent reference: adaptive Gauss–Kronrod over each half-line, truncated at |z| = 40.</summary>
    static double Reference(Func<double, double> g) =>
        GaussKronrodRule.Integrate(z => (g(z) + g(-z)) * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI), 0, 40, out _, out _, 1e-14, 15, 30);

    static readonly Activation[] All =
    [
        Activation.Identity, Activation.Tanh, Activation.Relu, Activation.LeakyRelu(0.2), Activation.Sigmoid,
        Activation.Gelu, Activation.Silu, Activation.Elu(), Activation.Selu, Activation.Softplus,
    ];

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(4, 3.0)]
    [InlineData(10, 945.0)]
    [InlineData(40, 3.19830986772877770815625e23)]
    public void Of_EvenMonomials_MatchDoubleFactorial(int k, double exact) =>
        Assert.Equal(1, GaussianExpectation.Of(z => Math.Pow(z, k)) / exact, 12);

    [Fact]
    public void Of_OddMonomialsVanish() => Assert.Equal(0, GaussianExpectation.Of(z => Math.Pow(z, 7)), 12);

    [Fact]
    public void Of_AbsoluteValue_IsSqrtTwoOverPi() =>
        Assert.Equal(Math.Sqrt(2 / Math.PI), GaussianExpectation.Of(Math.Abs), 14);

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Of_Exponential_IsLognormalMean(double a) =>
        Assert.Equal(Math.Exp(a * a / 2), GaussianExpectation.Of(z => Math.Exp(a * z)), 12);

    [Theory]
    [InlineData(1e-12)]
    [InlineData(1.0)]
    [InlineData(45.0)]
    [InlineData(1e12)]
    public void OfScaled_ReluSecondMoment_IsHalfTheVariance(double q)
    {
        double got = GaussianExpectation.OfScaled(u => u > 0 ? u * u : 0, Math.Sqrt(q));
        Assert.True(Math.Abs(got / (q / 2) - 1) < 1e-13, $"q = {q}: {got}");
    }

    [Theory]
    [InlineData(1.0, 0.394294490397841174416459772444)]
    [InlineData(10.0, 0.757266276921318368261837036623)]
    public void OfScaled_TanhSquared_MatchesMpmath(double q, double reference) =>
        // References: mpmath.quad at 30 digits, split at 0.
        Assert.Equal(reference, GaussianExpectation.OfScaled(u => Math.Tanh(u) * Math.Tanh(u), Math.Sqrt(q)), 14);

    [Fact]
    public void Of_SecondMomentsOfSmoothActivations_MatchMpmath()
    {
        // References: mpmath.quad at 30 digits of E[φ(z)²], z ~ N(0, 1).
        Assert.Equal(0.425221482570298674918554416385, GaussianExpectation.Of(z => Math.Pow(Activation.Gelu.Value(z), 2)), 14);
        Assert.Equal(0.355775519817352156230794292334, GaussianExpectation.Of(z => Math.Pow(Activation.Silu.Value(z), 2)), 14);
        Assert.Equal(0.293379035858092962737649171282, GaussianExpectation.Of(z => Math.Pow(Activation.Sigmoid.Value(z), 2)), 14);
        Assert.Equal(0.464402902448268241972021461116, GaussianExpectation.Of(z => Math.Pow(Activation.Tanh.Derivative(z), 2)), 14);
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(0.3)]
    [InlineData(44.0)]
    [InlineData(45.0)]
    [InlineData(500.0)]
    [InlineData(1e6)]
    public void OfScaled_EveryActivationAndDerivative_WithinOneInTenBillionOfAdaptiveReference(double q)
    {
        double s = Math.Sqrt(q);
        foreach (var a in All)
        {
            double value = GaussianExpectation.OfScaled(u => a.Value(u) * a.Value(u), s);
            double valueRef = Reference(z => a.Value(s * z) * a.Value(s * z));
            Assert.True(Math.Abs(value - valueRef) <= 1e-10 * Math.Max(1, valueRef), $"{a}, q = {q}: E[φ²] {value} vs {valueRef}");
            double slope = GaussianExpectation.OfScaled(u => a.Derivative(u) * a.Derivative(u), s);
            double slopeRef = Reference(z => a.Derivative(s * z) * a.Derivative(s * z));
            Assert.True(Math.Abs(slope - slopeRef) <= 1e-10, $"{a}, q = {q}: E[φ′²] {slope} vs {slopeRef}");
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.999)]
    [InlineData(1.0)]
    public void OfCorrelatedPair_Relu_MatchesArcCosineKernel(double c)
    {
        // Cho & Saul 2009: E[relu(X)·relu(Y)] = (√(1−c²) + (π − arccos c)·c)/(2π).
        double exact = (Math.Sqrt(1 - c * c) + (Math.PI - Math.Acos(c)) * c) / (2 * Math.PI);
        Assert.Equal(exact, GaussianExpectation.OfCorrelatedPair((x, y) => Math.Max(x, 0) * Math.Max(y, 0), c), 13);
    }

    [Theory]
    [InlineData(-0.9)]
    [InlineData(0.3)]
    [InlineData(0.99)]
    public void OfCorrelatedPair_OrthantProbability_MatchesSheppard(double c) =>
        // Sheppard's formula: P(X > 0, Y > 0) = 1/4 + arcsin(c)/(2π); the integrand jumps on both axes.
        Assert.Equal(0.25 + Math.Asin(c) / (2 * Math.PI), GaussianExpectation.OfCorrelatedPair((x, y) => x > 0 && y > 0 ? 1 : 0, c), 13);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    public void OfCorrelatedPair_Polynomials_MatchIsserlis(double c)
    {
        Assert.Equal(c, GaussianExpectation.OfCorrelatedPair((x, y) => x * y, c), 13);
        Assert.Equal(1 + 2 * c * c, GaussianExpectation.OfCorrelatedPair((x, y) => x * x * y * y, c), 12);
    }

    [Fact]
    public void OfCorrelatedPair_Tanh_MatchesMpmath()
    {
        // Reference: two-dimensional mpmath.quad at 20 digits, q = 0.5, c = 0.3.
        double s = Math.Sqrt(0.5);
        Assert.Equal(0.079371328873883298152, GaussianExpectation.OfCorrelatedPair((x, y) => Math.Tanh(s * x) * Math.Tanh(s * y), 0.3), 13);
    }

    [Fact]
    public void OfCorrelatedPair_AtCorrelationOne_EqualsOneDimensionalExpectation()
    {
        double s = Math.Sqrt(3.0);
        double pair = GaussianExpectation.OfCorrelatedPair((x, y) => Activation.Gelu.Value(s * x) * Activation.Gelu.Value(s * y), 1);
        Assert.Equal(GaussianExpectation.OfScaled(u => Math.Pow(Activation.Gelu.Value(u), 2), s), pair, 12);
    }

    [Theory]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    public void OfCorrelatedPair_RejectsCorrelationOutsideUnitInterval(double c)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GaussianExpectation.OfCorrelatedPair((x, y) => x * y, c));
        Assert.Equal("c", e.ParamName);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void OfScaled_RejectsBadStd(double std)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GaussianExpectation.OfScaled(u => u, std));
        Assert.Equal("std", e.ParamName);
    }
}
