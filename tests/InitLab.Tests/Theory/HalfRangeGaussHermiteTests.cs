using InitLab.Theory;
using MathNet.Numerics;

namespace InitLab.Tests.Theory;

public class HalfRangeGaussHermiteTests
{
    /// <summary>∫₀^∞ x^k·e^(−x²/2) dx = 2^((k−1)/2)·Γ((k+1)/2).</summary>
    static double HalfMoment(int k) => Math.Pow(2, (k - 1) / 2.0) * SpecialFunctions.Gamma((k + 1) / 2.0);

    [Theory]
    [InlineData(8, 0)]
    [InlineData(64, 0)]
    [InlineData(48, 1)]
    [InlineData(200, 0)]
    public void Rule_IntegratesEveryMonomialUpToDegree2nMinus1(int n, int alpha)
    {
        var rule = HalfRangeGaussHermite.Get(n, alpha);
        for (int k = 0; k <= Math.Min(2 * n - 1, 160); k++)
        {
            double exact = HalfMoment(k + alpha);
            double got = rule.Integrate(x => Math.Pow(x, k));
            Assert.True(Math.Abs(got - exact) <= 1e-11 * exact, $"n = {n}, α = {alpha}, degree {k}: {got} vs {exact}");
        }
    }

    [Fact]
    public void Rule_IsNotExactBeyondItsDegree()
    {
        // A Gauss rule is exact to degree 2n − 1 and no further: degree 2n must show an error.
        var rule = HalfRangeGaussHermite.Get(4);
        double exact = HalfMoment(8);
        Assert.True(Math.Abs(rule.Integrate(x => Math.Pow(x, 8)) - exact) > 1e-6 * exact);
    }

    [Fact]
    public void Rule_HasPositiveAscendingNodesAndPositiveWeights()
    {
        var rule = HalfRangeGaussHermite.Get(64);
        Assert.Equal(64, rule.Nodes.Length);
        Assert.True(rule.Nodes[0] > 0);
        for (int i = 1; i < rule.Nodes.Length; i++)
            Assert.True(rule.Nodes[i] > rule.Nodes[i - 1]);
        foreach (double w in rule.Weights)
            Assert.True(w > 0);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(201, 0)]
    [InlineData(8, -1)]
    [InlineData(8, 4)]
    public void Get_RejectsOutOfRangeArguments(int n, int alpha) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HalfRangeGaussHermite.Get(n, alpha));
}
