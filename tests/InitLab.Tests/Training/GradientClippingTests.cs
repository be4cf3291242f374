using InitLab.Autograd;
using InitLab.Data;
using InitLab.Nn;
using InitLab.Tensors;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class GradientClippingTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));
    static readonly float[] G1 = [0.5f, -1.25f, 2.0f, 0.0f, -0.75f, 3.5f];
    static readonly float[] G2 = [-2.5f, 0.125f, 1.0f, -4.0f];

    /// <summary>Two parameters whose gradients are <see cref="G1"/> and <see cref="G2"/> after a backward pass of L = Σ g⊙w.</summary>
    static (Tape Tape, Parameter[] Parameters) WithGradients()
    {
        var a = new Parameter("a", ParameterRole.Weight, [6]);
        var b = new Parameter("b", ParameterRole.Weight, [4]);
        var tape = new Tape(1);
        var loss = Ops.Add(tape, "sum", Dot(tape, a, G1), Dot(tape, b, G2));
        tape.Backward(loss);
        return (tape, [a, b]);
    }

    /// <summary>Σ g⊙w via a linear layer [1, n]·wᵀ, so dL/dw = g.</summary>
    static Variable Dot(Tape tape, Parameter w, float[] g)
    {
        var x = new Variable(Tensor.FromArray(g, 1, g.Length), requiresGrad: false);
        var weight = Ops.Reshape(tape, "w", w, 1, g.Length);
        return Ops.Linear(tape, "dot", x, weight, null);
    }

    [Fact]
    public void ClipByNorm_MatchesTorchClipGradNorm_WhenTheNormExceedsTheMaximum()
    {
        // /usr/bin/python3 bench/peers/regularization.py: clip_grad_norm_([a, b], 1.0) with these gradients.
        float[] a = [0.0772523209f, -0.193130806f, 0.309009284f, 0f, -0.115878478f, 0.540766239f];
        float[] b = [-0.386261612f, 0.0193130802f, 0.154504642f, -0.618018568f];
        var (tape, parameters) = WithGradients();
        double norm = GradientClipping.GlobalNorm(tape, parameters);
        bool clipped = new GradientClipping(ClipKind.Norm, 1.0).Apply(tape, parameters, norm);
        Assert.Equal(6.47229671, norm, 1e-6);
        Assert.True(clipped);
        AssertClose(a, parameters[0].Grad!.ToArray());
        AssertClose(b, parameters[1].Grad!.ToArray());
    }

    [Fact]
    public void ClipByNorm_LeavesTheGradientsBitForBit_WhenTheNormIsBelowTheMaximum()
    {
        var (tape, parameters) = WithGradients();
        double norm = GradientClipping.GlobalNorm(tape, parameters);
        bool clipped = new GradientClipping(ClipKind.Norm, 100.0).Apply(tape, parameters, norm);
        Assert.Equal(6.47229671, norm, 1e-6);
        Assert.False(clipped);
        Assert.Equal(G1, parameters[0].Grad!.ToArray());
        Assert.Equal(G2, parameters[1].Grad!.ToArray());
    }

    [Fact]
    public void ClipByValue_MatchesTorchClipGradValue()
    {
        // /usr/bin/python3 bench/peers/regularization.py: clip_grad_value_([a, b], 1.5).
        var (tape, parameters) = WithGradients();
        bool clipped = new GradientClipping(ClipKind.Value, 1.5).Apply(tape, parameters, GradientClipping.GlobalNorm(tape, parameters));
        Assert.True(clipped);
        Assert.Equal([0.5f, -1.25f, 1.5f, 0f, -0.75f, 1.5f], parameters[0].Grad!.ToArray());
        Assert.Equal([-1.5f, 0.125f, 1f, -1.5f], parameters[1].Grad!.ToArray());
        var (tape2, again) = WithGradients();
        Assert.False(new GradientClipping(ClipKind.Value, 4.0).Apply(tape2, again, GradientClipping.GlobalNorm(tape2, again)));
        Assert.Equal(G2, again[1].Grad!.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(1001)]
    public void SumOfSquares_MatchesTheScalarDefinition(int length)
    {
        var x = Autograd.GradientCheck.Uniform("x", -3, 3, Math.Max(length, 1)).ToArray().AsSpan(0, length).ToArray();
        double expected = 0;
        foreach (float v in x)
            expected += (double)v * v;
        Assert.Equal(expected, GradientClipping.SumOfSquares(x), Math.Max(1e-12, expected * 1e-14));
    }

    static TrainingConfig Config => new()
    {
        Data = DataSource.Embedded,
        Model = "mlp:784-32-32-10",
        Epochs = 2,
        Batch = 100,
        LearningRate = 0.1,
        Momentum = 0.9,
        Seed = 3,
    };

    [Fact]
    public void Trainer_CountsClippedSteps_AndReportsThePreClipNorms()
    {
        var loose = new Trainer(Config with { ClipNorm = 1e9 }, Embedded.Value, threads: 1);
        var plain = new Trainer(Config, Embedded.Value, threads: 1);
        var m = loose.RunEpoch();
        var p = plain.RunEpoch();
        Assert.Equal(0, m.ClippedSteps);
        Assert.Equal(0, m.ClipFraction);
        Assert.Equal(Reproducibility.Weights(plain), Reproducibility.Weights(loose));
        Assert.Equal(p.GradNormMean, m.GradNormMean);
        Assert.True(m.GradNormMax >= m.GradNormMean && m.GradNormMean > 0);

        // At a tiny learning rate the weights barely move, so the mean norm of the unclipped run lies between the clipped run's
        // smallest and largest norms: some steps are clipped, not all.
        var still = Config with { Epochs = 1, LearningRate = 1e-6, Momentum = 0 };
        double threshold = new Trainer(still, Embedded.Value, threads: 1).RunEpoch().GradNormMean;
        var some = new Trainer(still with { ClipNorm = threshold }, Embedded.Value, threads: 1).RunEpoch();
        Assert.InRange(some.ClippedSteps, 1, loose.BatchesPerEpoch - 1);
        Assert.Equal((double)some.ClippedSteps / loose.BatchesPerEpoch, some.ClipFraction);
        var all = new Trainer(Config with { Epochs = 1, ClipValue = 1e-6 }, Embedded.Value, threads: 1).RunEpoch();
        Assert.Equal(loose.BatchesPerEpoch, all.ClippedSteps);
        Assert.Equal(1.0, all.ClipFraction);
    }

    [Fact]
    public void ClippedTraining_IsBitIdentical_AcrossThreadsAndResume()
    {
        Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(Config with { ClipNorm = 0.5 }, Config, Embedded.Value);
        Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(Config with { ClipValue = 0.01 }, Config, Embedded.Value);
    }

    static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-6f);
    }
}
