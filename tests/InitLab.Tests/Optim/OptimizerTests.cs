using InitLab.Nn;
using InitLab.Optim;

namespace InitLab.Tests.Optim;

public class OptimizerTests
{
    static readonly float[][] Gradients = OptimizerSteps.Reference[..3];

    static double[][] Run(Func<Parameter, Optimizer> create, double multiplier = 1) => OptimizerSteps.Run(create, Gradients, multiplier);

    static void AssertSteps(double[][] expected, double[][] actual) => OptimizerSteps.AssertSteps(expected, actual);

    // Expected values: step 1 by hand (shown), steps 2–3 from torch.optim 1.13 in float64 with the same gradients.

    [Fact]
    public void Sgd_Plain_IsWMinusLrTimesGradient()
    {
        // w₁ = 1 − 0.1·0.5 = 0.95, −2 − 0.1·(−1) = −1.9.
        AssertSteps([[0.95, -1.9], [0.975, -2.1], [0.875, -2.15]], Run(p => new Sgd([p], 0.1)));
    }

    [Fact]
    public void Sgd_MomentumAndWeightDecay_MatchesPyTorch()
    {
        // g₁ = 0.5 + 0.01·1 = 0.51, b₁ = g₁, w₁ = 1 − 0.051 = 0.949.
        AssertSteps([[0.949, -1.898], [0.927151, -2.004302], [0.806559749, -2.147969498]],
            Run(p => new Sgd([p], 0.1, momentum: 0.9, weightDecay: 0.01)));
    }

    [Fact]
    public void Sgd_Nesterov_MatchesPyTorch()
    {
        // g₁ = 0.51, b₁ = 0.51, step = g₁ + 0.9·b₁ = 0.969, w₁ = 1 − 0.0969 = 0.9031.
        AssertSteps([[0.9031, -1.8062], [0.90757411, -2.10014822], [0.698189208191, -2.277336916382]],
            Run(p => new Sgd([p], 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true)));
    }

    [Fact]
    public void Sgd_Dampening_AppliesFromTheSecondStep()
    {
        // b₁ = g₁ (no dampening on the first step); b₂ = 0.5·0.5 + 0.7·(−0.25) = 0.075, w₂ = 0.95 − 0.0075 = 0.9425.
        AssertSteps([[0.95, -1.9], [0.9425, -1.99], [0.86875, -2.07]], Run(p => new Sgd([p], 0.1, momentum: 0.5, dampening: 0.3)));
    }

    [Fact]
    public void Adam_L2WeightDecay_MatchesPyTorch()
    {
        // Step 1: m̂ = g, v̂ = g², so w₁ = w − 0.1·g/(|g| + ε) ≈ 1 − 0.1 = 0.9.
        AssertSteps([[0.900000001961, -1.90000000098], [0.871229347623, -1.935504418657], [0.804614334217, -1.975809595717]],
            Run(p => new Adam([p], 0.1, weightDecay: 0.01)));
    }

    [Fact]
    public void AdamW_DecoupledWeightDecay_MatchesPyTorch()
    {
        // Step 1: w·(1 − 0.1·0.1) = 0.99, then − 0.1·sign(g): 0.89.
        AssertSteps([[0.890000002, -1.880000001], [0.854466298688, -1.897810353462], [0.78011047667, -1.920397369602]],
            Run(p => new Adam([p], 0.1, weightDecay: 0.1, decoupled: true)));
    }

    [Fact]
    public void LearningRateMultiplier_ScalesTheStep()
    {
        AssertSteps([[0.975, -1.95], [0.9875, -2.05], [0.9375, -2.075]], Run(p => new Sgd([p], 0.1), multiplier: 0.5));
    }

    [Fact]
    public void StateTensors_HavePyTorchNames()
    {
        var p = new Parameter("weight", ParameterRole.Weight, [3]);
        Assert.Equal(["weight.momentum_buffer"], new Sgd([p], 0.1, momentum: 0.9).State.Select(s => s.Name));
        Assert.Empty(new Sgd([p], 0.1).State);
        Assert.Equal(["weight.exp_avg", "weight.exp_avg_sq"], new Adam([p], 0.1).State.Select(s => s.Name));
    }

    [Fact]
    public void InvalidCoefficients_AreRejected_WithTheirNames()
    {
        var p = new Parameter("w", ParameterRole.Weight, [1]);
        Assert.Contains("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], 0.1, momentum: 1.5)).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], -1)).Message);
        Assert.Contains("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], 0.1, weightDecay: -1)).Message);
        Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1, nesterov: true));
    }
}
