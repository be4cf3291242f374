using InitLab.Activations;
using InitLab.Init.Learned;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Tensors;

namespace InitLab.Tests.Init.Learned;

/// <summary>GradInit's and MetaInit's objectives and their per-tensor scale gradients against PyTorch float64 autograd (double and triple backward).</summary>
/// <remarks>Numbers from <c>/usr/bin/python3 bench/peers/learned_init.py</c>; the parameters and data are the script's formulas.</remarks>
public class LearnedInitTorchTests
{
    static (LossSurface Surface, double[][] Theta0, Tensor X, int[] Y) Tiny()
    {
        var model = ModelBuilder.Build(ModelSpec.Parse("mlp:4-5-3"), new ModelOptions(Activation.Parse("tanh", "--act")), 1, 1, 4);
        double[][] theta =
        [
            [.. Enumerable.Range(0, 20).Select(k => 0.6 * Math.Sin(0.7 * k))],
            [.. Enumerable.Range(0, 5).Select(o => 0.1 * Math.Cos(0.9 * o + 0.2))],
            [.. Enumerable.Range(0, 15).Select(k => 0.5 * Math.Cos(0.8 * k + 0.3))],
            [.. Enumerable.Range(0, 3).Select(o => 0.05 * (o - 1) + 0.02)],
        ];
        var surface = new LossSurface(model, threads: 1);
        Assert.Equal(new[] { 20, 5, 15, 3 }, surface.Parameters.Select(p => p.Value.Length));
        surface.Set(theta);
        var x = Tensor.FromArray([.. Enumerable.Range(0, 40).Select(k => (float)(Math.Sin(0.37 * k + 0.1 * (k / 4)) * 1.5))], 10, 4);
        return (surface, surface.Values(), x, [.. Enumerable.Range(0, 10).Select(n => n * 7 % 3)]);
    }

    static Tensor Rows(Tensor x, int from, int count) => Tensor.FromArray(x.Span.Slice(from * 4, count * 4).ToArray(), count, 4);

    [Theory]
    [InlineData(GradInitStep.Sgd, 1e9, 12.6588046127162, new[] { 0.68537295710607, -0.002046986736222, 1.989629128986547, 0.010261994290416 })]
    [InlineData(GradInitStep.Adam, 1e9, 12.3590271157891, new[] { 1.878285991170233, -0.075226243283905, 1.459844107323492, 0.040903520535253 })]
    [InlineData(GradInitStep.Sgd, 1e-6, 0.817317476331666, new[] { 0.062415853421093, 0.013012106876087, 0.451644725061221, -0.007521346798513 })]
    [InlineData(GradInitStep.Adam, 1e-6, 4.10790304672559, new[] { -0.644064286873845, 0.127423107816174, 2.785493713302236, -0.074737953675006 })]
    public void GradInit_ObjectiveAndScaleGradient_MatchTorchAutograd(GradInitStep step, double gamma, double objective, double[] gradient)
    {
        var (surface, theta0, x, y) = Tiny();
        var gradInit = new GradInit("he-normal", eta: 0.1, gamma: gamma, step: step, batch: 6);
        var (iteration, da) = gradInit.Objective(surface, theta0, [1, 1, 1, 1], Rows(x, 0, 6), y[0..6], Rows(x, 3, 6), y[3..9]);
        Assert.Equal(gamma < 1, iteration.Constrained);
        Assert.Equal(objective, iteration.Objective, objective * 2e-6);
        // The objective branch is one float32 gradient; the constraint branch a central difference of two (δ = 1e-3).
        double tolerance = gamma < 1 ? 2e-3 : 1e-5;
        for (int k = 0; k < 4; k++)
            Assert.True(Math.Abs(da[k] - gradient[k]) <= tolerance * gradient.Max(Math.Abs), $"dα[{k}] = {da[k]}, torch {gradient[k]}");
    }

    [Fact]
    public void MetaInit_GradientQuotientAndWeightNormGradients_MatchTorchAutograd()
    {
        var (surface, theta0, x, y) = Tiny();
        var metaInit = new MetaInit("he-normal", eps: 1e-5);
        var s1 = Rows(x, 0, 6);
        Assert.Equal(6.42428387195634, metaInit.GradientQuotient(surface, theta0, s1, y[0..6]), 6.42428387195634 * 2e-4); // measured 3.4e-5 relative
        var d = metaInit.NormGradients(surface, theta0, [true, false, true, false], s1, y[0..6]);
        Assert.Equal(0, d[1]);
        // Measured 2.6e-3 and 4.3e-4 relative: H·g and its derivative are nested central differences in float32.
        Assert.Equal(-614.3196289778409, d[0], 614.3 * 5e-3);
        Assert.Equal(784.1109781916184, d[2], 784.1 * 5e-3);
    }
}
