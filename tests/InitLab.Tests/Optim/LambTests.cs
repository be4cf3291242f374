using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary><see cref="Lamb"/> against its paper's Algorithm 2 (You et al. 2020) written out here in float64; torch has no LAMB.</summary>
public class LambTests
{
    /// <summary>Algorithm 2 per tensor: m, v, bias-corrected m̂/(√v̂ + ε) + λw, then w ← w − η·(‖w‖/‖u‖)·u (ratio 1 if a norm is 0).</summary>
    static double[][] Reference(double lr, double beta1, double beta2, double eps, double decay, float[][] gradients, double[] w0)
    {
        var w = (double[])w0.Clone();
        var (m, v) = (new double[w.Length], new double[w.Length]);
        var result = new double[gradients.Length][];
        for (int t = 1; t <= gradients.Length; t++)
        {
            var u = new double[w.Length];
            for (int i = 0; i < w.Length; i++)
            {
                double g = gradients[t - 1][i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(beta1, t)), vHat = v[i] / (1 - Math.Pow(beta2, t));
                u[i] = mHat / (Math.Sqrt(vHat) + eps) + decay * w[i];
            }
            double wNorm = Math.Sqrt(w.Sum(x => x * x)), uNorm = Math.Sqrt(u.Sum(x => x * x));
            double trust = wNorm > 0 && uNorm > 0 ? wNorm / uNorm : 1;
            for (int i = 0; i < w.Length; i++)
                w[i] -= lr * trust * u[i];
            result[t - 1] = (double[])w.Clone();
        }
        return result;
    }

    /// <summary>The trust ratio is over the whole tensor, so the 37 copies of the pair scale both norms alike and leave it unchanged.</summary>
    [Theory]
    [InlineData(0.1, 0.9, 0.999, 1e-6, 0.0)]
    [InlineData(0.05, 0.8, 0.9, 0.01, 0.1)]
    public void MatchesPaperAlgorithm_InFloat64(double lr, double beta1, double beta2, double eps, double decay)
    {
        var expected = Reference(lr, beta1, beta2, eps, decay, OptimizerSteps.Reference, [1, -2]);
        OptimizerSteps.AssertMatches(expected, p => new Lamb([p], lr, beta1, beta2, eps, decay));
    }

    [Fact]
    public void FirstStep_MovesBy_LrTimesWeightNorm()
    {
        // Step 1 without decay: u = g/(|g| + ε) ≈ sign(g) = [1, −1], ‖u‖ = √2, ‖w‖ = √5: w₁ = w − 0.1·√(5/2)·[1, −1].
        double shift = 0.1 * Math.Sqrt(2.5);
        var steps = OptimizerSteps.Run(p => new Lamb([p], 0.1, epsilon: 1e-12), OptimizerSteps.Reference[..1]);
        OptimizerSteps.AssertSteps([[1 - shift, -2 + shift]], steps);
    }

    [Fact]
    public void ZeroWeights_UseTrustRatioOne()
    {
        var p = new InitLab.Nn.Parameter("w", InitLab.Nn.ParameterRole.Weight, [2]);
        var tape = new InitLab.Autograd.Tape(1);
        OptimizerSteps.SetGradient(tape, p, [0.5f, -1f]);
        new Lamb([p], 0.1, epsilon: 1e-12).Step(tape);
        Assert.Equal([-0.1f, 0.1f], p.Value.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
    }
}
