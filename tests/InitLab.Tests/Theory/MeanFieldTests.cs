using InitLab.Activations;
using InitLab.Theory;

namespace InitLab.Tests.Theory;

public class MeanFieldTests
{
    [Fact]
    public void Tanh_KnownFixedPointAndChi1_MatchPoole2016()
    {
        // σ_w² = 1.5, σ_b² = 0.05: q* ≈ 0.41804, χ₁ ≈ 0.93864 (the reference values;
        // scipy.integrate.quad + brentq give 0.4180372005334778, 0.9386362681988514).
        var r = MeanField.Analyze(Activation.Tanh, Math.Sqrt(1.5), Math.Sqrt(0.05));
        Assert.Equal(0.41804, r.QStar, 5);
        Assert.Equal(0.93864, r.Chi1, 5);
        Assert.Equal(0.4180372005334778, r.QStar, 10);
        Assert.Equal(0.9386362681988514, r.Chi1, 10);
        Assert.Equal(Phase.Ordered, r.Phase);
        Assert.Equal(1, r.CStar);
        Assert.Equal(-1 / Math.Log(r.Chi1), r.XiC, 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(1.0)]
    public void Relu_CriticalSigmaW_IsSqrtTwoForEveryBias(double sigmaB) =>
        Assert.Equal(Math.Sqrt(2), MeanField.CriticalSigmaW(Activation.Relu, sigmaB), 10);

    [Fact]
    public void Tanh_CriticalSigmaW_IsOneWithoutBias() =>
        // χ₁ − 1 ≈ (4/3)·q*² is quadratically flat there (docs/theory.md), so the root is resolved to about √ε ≈ 1e-8.
        Assert.Equal(1, MeanField.CriticalSigmaW(Activation.Tanh, 0), 7);

    [Fact]
    public void Tanh_CriticalSigmaW_GrowsWithBias_AndHasChi1One()
    {
        double low = MeanField.CriticalSigmaW(Activation.Tanh, 0.1);
        double high = MeanField.CriticalSigmaW(Activation.Tanh, 0.5);
        Assert.True(1 < low && low < high, $"{low}, {high}");
        var atCritical = MeanField.Analyze(Activation.Tanh, high, 0.5);
        Assert.Equal(1, atCritical.Chi1, 9);
        Assert.Equal(Phase.Critical, atCritical.Phase);
    }

    [Fact]
    public void Relu_HeInitialization_IsCritical()
    {
        var r = MeanField.Analyze(Activation.Relu, Math.Sqrt(2), 0);
        Assert.Equal(1, r.Chi1, 14);
        Assert.Equal(Phase.Critical, r.Phase);
        Assert.Equal(1, r.QStar);        // every q is fixed; q* is the input's
    }

    [Theory]
    [InlineData(1.0, 0.3)]
    [InlineData(1.2, 0.1)]
    public void Relu_OrderedFixedPoint_HasClosedForm(double sigmaW, double sigmaB)
    {
        // q = σ_w²·q/2 + σ_b² ⇒ q* = σ_b²/(1 − σ_w²/2); χ₁ = σ_w²/2.
        var r = MeanField.Analyze(Activation.Relu, sigmaW, sigmaB);
        Assert.Equal(sigmaB * sigmaB / (1 - sigmaW * sigmaW / 2), r.QStar, 12);
        Assert.Equal(sigmaW * sigmaW / 2, r.Chi1, 13);
        Assert.Equal(Phase.Ordered, r.Phase);
    }

    [Fact]
    public void Relu_ChaoticWithBias_HasNoFiniteFixedPoint()
    {
        var r = MeanField.Analyze(Activation.Relu, 1.6, 0.1);
        Assert.True(double.IsPositiveInfinity(r.QStar));
        Assert.Equal(1.6 * 1.6 / 2, r.Chi1, 12);
        Assert.Equal(Phase.Chaotic, r.Phase);
        Assert.True(double.IsNaN(r.XiQ) && double.IsNaN(r.XiC) && double.IsNaN(r.CStar));
    }

    [Fact]
    public void Tanh_OrderedWithoutBias_CollapsesToZero_WithChi1EqualToSigmaWSquared()
    {
        var r = MeanField.Analyze(Activation.Tanh, 0.8, 0);
        Assert.Equal(0, r.QStar);
        Assert.Equal(0.64, r.Chi1, 12);
    }

    [Fact]
    public void Tanh_Chaotic_CorrelationFixedPointIsStableAndBelowOne()
    {
        var r = MeanField.Analyze(Activation.Tanh, 2.5, 0.3);
        Assert.Equal(Phase.Chaotic, r.Phase);
        Assert.InRange(r.CStar, 0, 0.999);
        Assert.Equal(r.CStar, MeanField.CorrelationMap(Activation.Tanh, 2.5, 0.3, r.QStar, r.CStar), 10);
        Assert.True(r.XiC > 0 && double.IsFinite(r.XiC));
        // c = 1 stays a fixed point of the map (it is only unstable here).
        Assert.Equal(1, MeanField.CorrelationMap(Activation.Tanh, 2.5, 0.3, r.QStar, 1), 10);
    }

    [Theory]
    [InlineData("tanh", 1.3, 0.2)]
    [InlineData("gelu", 1.1, 0.5)]
    [InlineData("silu", 1.5, 0.3)]
    [InlineData("sigmoid", 2.0, 0.1)]
    [InlineData("elu:1", 1.0, 0.4)]
    public void XiQ_MatchesFiniteDifferenceSlopeOfVarianceMap(string name, double sigmaW, double sigmaB)
    {
        var a = Activation.Parse(name);
        var r = MeanField.Analyze(a, sigmaW, sigmaB);
        double h = 1e-5 * r.QStar;
        double slope = (MeanField.VarianceMap(a, sigmaW, sigmaB, r.QStar + h) - MeanField.VarianceMap(a, sigmaW, sigmaB, r.QStar - h)) / (2 * h);
        Assert.Equal(-1 / Math.Log(slope), r.XiQ, 6);
        Assert.Equal(r.QStar, MeanField.VarianceMap(a, sigmaW, sigmaB, r.QStar), 12);
    }

    [Fact]
    public void Gelu_IsBistable_AboveSqrtTwo_SoTheInputVarianceSelectsThePhase()
    {
        // gelu(x) ≈ x/2 near 0 (map slope σ_w²/4 < 1) but ≈ relu(x) far out (slope σ_w²/2 > 1 for σ_w > √2):
        // a small stable q* and an escape to ∞ coexist, and q0 decides which one the network reaches.
        var small = MeanField.Analyze(Activation.Gelu, 1.5, 0.2, q0: 1);
        var large = MeanField.Analyze(Activation.Gelu, 1.5, 0.2, q0: 100);
        Assert.Equal(Phase.Ordered, small.Phase);
        Assert.InRange(small.QStar, 0.1, 0.15);
        Assert.True(double.IsPositiveInfinity(large.QStar));
        Assert.Equal(1.125, large.Chi1, 10);                  // σ_w²/2, the relu limit
        Assert.Equal(Phase.Chaotic, large.Phase);
        // The edge reached from q0 = 1 is the jump where the small fixed point stops attracting q0.
        double edge = MeanField.CriticalSigmaW(Activation.Gelu, 0.2);
        Assert.True(MeanField.Analyze(Activation.Gelu, edge - 1e-9, 0.2).Chi1 < 0.8);
        Assert.True(MeanField.Analyze(Activation.Gelu, edge + 1e-9, 0.2).Chi1 > 1.1);
    }

    [Fact]
    public void Identity_Chi1IsSigmaWSquared_AndCriticalAtOne()
    {
        Assert.Equal(0.81, MeanField.Analyze(Activation.Identity, 0.9, 0.2).Chi1, 13);
        Assert.Equal(1, MeanField.CriticalSigmaW(Activation.Identity, 0.2), 10);
    }

    [Fact]
    public void Sigmoid_HasACriticalSigmaW_WhereChi1IsOne()
    {
        double critical = MeanField.CriticalSigmaW(Activation.Sigmoid, 0.1);
        Assert.True(double.IsFinite(critical) && critical > 2, $"{critical}");
        Assert.Equal(1, MeanField.Analyze(Activation.Sigmoid, critical, 0.1).Chi1, 9);
    }

    [Theory]
    [InlineData(-1.0, 0.0, "sigmaW")]
    [InlineData(1.0, double.NaN, "sigmaB")]
    [InlineData(double.PositiveInfinity, 0.0, "sigmaW")]
    public void Analyze_RejectsBadSigmas_NamingThem(double sigmaW, double sigmaB, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MeanField.Analyze(Activation.Tanh, sigmaW, sigmaB));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("finite and ≥ 0", e.Message);
    }
}
