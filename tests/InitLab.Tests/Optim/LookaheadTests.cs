using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary><see cref="Lookahead"/> (Zhang et al. 2019, Algorithm 1) against the algorithm written out in float64, and Ranger = Lookahead(RAdam).</summary>
public class LookaheadTests
{
    /// <summary>Lookahead around plain SGD: fast steps w ← w − ηg; every k-th step φ ← φ + α(w − φ), w ← φ.</summary>
    static double[][] SgdReference(double lr, int k, double alpha, float[][] gradients)
    {
        double[] w = [1, -2], slow = [1, -2];
        var result = new double[gradients.Length][];
        for (int t = 1; t <= gradients.Length; t++)
        {
            for (int i = 0; i < 2; i++)
                w[i] -= lr * gradients[t - 1][i];
            if (t % k == 0)
                for (int i = 0; i < 2; i++)
                    w[i] = slow[i] += alpha * (w[i] - slow[i]);
            result[t - 1] = (double[])w.Clone();
        }
        return result;
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(3, 0.5)]
    [InlineData(5, 0.8)]
    public void AroundSgd_MatchesAlgorithm(int k, double alpha)
    {
        OptimizerSteps.AssertMatches(SgdReference(0.1, k, alpha, OptimizerSteps.Reference), p => new Lookahead(new Sgd([p], 0.1), k, alpha));
    }

    [Fact]
    public void KTwoAlphaHalf_FirstSync_ByHand()
    {
        // Fast: 1 − 0.05 = 0.95, then 0.95 + 0.025 = 0.975; sync: φ = 1 + 0.5·(0.975 − 1) = 0.9875.
        var steps = OptimizerSteps.Run(p => new Lookahead(new Sgd([p], 0.1), 2, 0.5), OptimizerSteps.Reference[..2]);
        OptimizerSteps.AssertSteps([[0.95, -1.9], [0.9875, -2.05]], steps);
    }

    [Fact]
    public void Ranger_IsRAdamBetweenSyncs_ThenInterpolated()
    {
        // Between synchronizations the fast weights follow RAdam exactly (torch numbers of RAdamTests, lr 0.1).
        double[][] radam = [[0.95, -1.9], [0.939473684211, -1.95789473684], [0.895931248786, -2.01287628666], [0.843241513398, -2.03733107002]];
        var ranger = OptimizerSteps.Run(p => new Lookahead(new RAdam([p], 0.1), 5, 0.5), OptimizerSteps.Reference[..5]);
        OptimizerSteps.AssertSteps(radam, ranger[..4]);
        // Step 5: RAdam's w₅ = [0.827837738154, −2.0924432773]; φ = w₀ + 0.5·(w₅ − w₀).
        OptimizerSteps.AssertSteps([[1 + 0.5 * (0.827837738154 - 1), -2 + 0.5 * (-2.0924432773 + 2)]], ranger[4..]);
    }

    [Fact]
    public void State_IsTheInnerStateAndTheSlowWeights()
    {
        var p = new InitLab.Nn.Parameter("weight", InitLab.Nn.ParameterRole.Weight, [3]);
        Assert.Equal(["weight.exp_avg", "weight.exp_avg_sq", "weight.slow_buffer"], new Lookahead(new RAdam([p], 0.1)).State.Select(s => s.Name));
    }

    [Fact]
    public void InvalidKOrAlpha_AreRejected()
    {
        var p = new InitLab.Nn.Parameter("w", InitLab.Nn.ParameterRole.Weight, [1]);
        Assert.Contains("k", Assert.Throws<ArgumentOutOfRangeException>(() => new Lookahead(new Sgd([p], 0.1), 0)).Message);
        Assert.Contains("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new Lookahead(new Sgd([p], 0.1), 5, 1.5)).Message);
    }
}
