using InitLab.Activations;
using InitLab.Diagnostics;
using InitLab.Nn;
using InitLab.Tensors;

namespace InitLab.Tests.Diagnostics;

public class JacobianSpectrumTests
{
    static JacobianSpectrum Probe(int width, int depth, Activation activation, string scheme, ulong seed)
    {
        var chain = DeepChain.Build(width, width, depth, activation);
        ModelInitialization.Apply(chain, scheme, "zeros", seed);
        var input = ProbeBatch.Gaussian(8, [width], seed).Input;
        return SignalProbe.Run(chain, input, [], new ProbeSettings()).Jacobian!;
    }

    [Fact]
    public void OrthogonalLinearChain_IsExactlyIsometric()
    {
        var j = Probe(128, 6, Activation.Identity, "orthogonal", 1);
        Assert.Equal(128, j.SingularValues.Length);
        Assert.All(j.SingularValues, s => Assert.Equal(1, s, 1e-4));
        Assert.Equal(1, j.PredictedMeanSquared!.Value, 1e-6);
        Assert.True(j.SquaredVariance < 1e-6);
    }

    /// <summary>
    /// For L Gaussian layers of variance 1/n the squared singular values follow the Fuss–Catalan law in the wide limit:
    /// mean 1 and second moment L + 1, so variance L (Pennington et al. 2017). At n = 400 the finite-width corrections are
    /// O(L/n) ≈ 1 % and the spectral moments fluctuate by O(1/n); 10 % holds them with a wide margin.
    /// </summary>
    [Fact]
    public void GaussianLinearChain_HasMeanOne_AndSquaredSingularValueVarianceL()
    {
        const int depth = 4;
        var j = Probe(400, depth, Activation.Identity, "lecun-normal", 2);
        Assert.Equal(j.PredictedMeanSquared!.Value, j.MeanSquared, 0.05 * j.PredictedMeanSquared!.Value);
        Assert.Equal(1, j.PredictedMeanSquared!.Value, 0.05);
        Assert.InRange(j.SquaredVariance, 0.9 * depth, 1.1 * depth);
    }

    [Theory]
    [InlineData(ActivationKind.Tanh, "glorot-normal")]
    [InlineData(ActivationKind.Tanh, "orthogonal")]
    [InlineData(ActivationKind.Relu, "he-normal")]
    public void MeanSquaredSingularValue_MatchesTheProductOfChi1(ActivationKind kind, string scheme)
    {
        var activation = kind == ActivationKind.Tanh ? Activation.Tanh : Activation.Relu;
        var j = Probe(400, 3, activation, scheme, 3);
        // One input, n = 400, three layers: the per-layer factor n·E[W²]·mean(φ′²) fluctuates by ≈ √(2/n) ≈ 7 % around χ₁.
        Assert.InRange(j.MeanSquared / j.PredictedMeanSquared!.Value, 0.75, 1.25);
    }

    [Fact]
    public void OrthogonalTanh_IsCloserToIsometryThanGaussianTanh()
    {
        var gaussian = Probe(300, 8, Activation.Tanh, "glorot-normal", 4);
        var orthogonal = Probe(300, 8, Activation.Tanh, "orthogonal", 4);
        double Spread(JacobianSpectrum j) => Math.Sqrt(j.SquaredVariance) / j.MeanSquared;
        Assert.True(Spread(orthogonal) < 0.5 * Spread(gaussian), $"orthogonal spread {Spread(orthogonal)}, gaussian {Spread(gaussian)}");
    }

    [Fact]
    public void TwoLayerJacobian_EqualsTheHandBuiltProduct()
    {
        // J = D₂·W₂·D₁·W₁ with D = diag(φ′(z)): built by hand in doubles, singular values from the 2×2 closed form.
        var w1 = Tensor.FromArray([1, 2, 0, 1, -1, 1], 3, 2);
        var w2 = Tensor.FromArray([1, 0, 2, 0, 1, -1], 2, 3);
        float[] z1 = [0.5f, -0.3f, 1], z2 = [0.2f, -0.7f];
        var j = JacobianSpectrum.Of([new JacobianLayer(w1, Activation.Tanh, z1), new JacobianLayer(w2, Activation.Tanh, z2)]);
        double D(float z) => 1 - Math.Tanh(z) * Math.Tanh(z);
        var a = new double[2, 2];
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++)
                for (int k = 0; k < 3; k++)
                    a[r, c] += D(z2[r]) * w2[r, k] * D(z1[k]) * w1[k, c];
        double t = a[0, 0] * a[0, 0] + a[0, 1] * a[0, 1] + a[1, 0] * a[1, 0] + a[1, 1] * a[1, 1];
        double det = Math.Abs(a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]);
        double root = Math.Sqrt(t * t - 4 * det * det);
        Assert.Equal(Math.Sqrt((t + root) / 2), j.Max, 1e-6);
        Assert.Equal(Math.Sqrt((t - root) / 2), j.Min, 1e-6);
        Assert.Throws<ArgumentException>(() => JacobianSpectrum.Of([new JacobianLayer(w2, Activation.Tanh, z2), new JacobianLayer(w2, Activation.Tanh, z2)]));
    }
}
