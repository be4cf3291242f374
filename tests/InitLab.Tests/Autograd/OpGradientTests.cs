using InitLab.Activations;
using InitLab.Autograd;
using InitLab.Tensors;
using static InitLab.Tests.Autograd.GradientCheck;

namespace InitLab.Tests.Autograd;

public class OpGradientTests
{
    const double Tolerance = 2e-3;

    [Fact]
    public void Linear_GradientsOfInputWeightAndBias_MatchFiniteDifferences()
    {
        double error = MaxError((t, v) => Ops.Linear(t, "fc", v[0], v[1], v[2]),
            [Uniform("x", -1, 1, 5, 7), Uniform("w", -1, 1, 4, 7), Uniform("b", -1, 1, 4)]);
        Assert.True(error < Tolerance, $"max error {error}");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    public void Conv2d_GradientsOfInputWeightAndBias_MatchFiniteDifferences(int stride, int padding)
    {
        double error = MaxError((t, v) => Ops.Conv2d(t, "conv", v[0], v[1], v[2], stride, padding),
            [Uniform("x", -1, 1, 2, 3, 6, 5), Uniform("w", -1, 1, 4, 3, 3, 3), Uniform("b", -1, 1, 4)]);
        Assert.True(error < Tolerance, $"max error {error}");
    }

    [Fact]
    public void MaxPool2d_Gradient_MatchesFiniteDifferences()
    {
        // A permutation of well-separated values: no ties, so the argmax is stable under the ±step perturbation.
        var x = new Tensor(2, 2, 4, 6);
        var order = Uniform("order", 0, 1, x.Length).ToArray().Select((v, i) => (v, i)).OrderBy(p => p.v).Select(p => p.i).ToArray();
        for (int rank = 0; rank < order.Length; rank++)
            x.Span[order[rank]] = 0.1f * rank;
        double error = MaxError((t, v) => Ops.MaxPool2d(t, "pool", v[0], 2, 2), [x]);
        Assert.True(error < Tolerance, $"max error {error}");
    }

    [Fact]
    public void AvgPool2d_AndGlobalAvgPool_Gradients_MatchFiniteDifferences()
    {
        Assert.True(MaxError((t, v) => Ops.AvgPool2d(t, "pool", v[0], 3, 2), [Uniform("x", -1, 1, 2, 2, 7, 5)]) < Tolerance);
        Assert.True(MaxError((t, v) => Ops.GlobalAvgPool(t, "gap", v[0]), [Uniform("x", -1, 1, 2, 3, 4, 5)]) < Tolerance);
    }

    public static TheoryData<string> Activations => new() { "identity", "sigmoid", "tanh", "relu", "leaky_relu:0.2", "elu", "elu:0.5", "selu", "gelu", "silu", "softplus" };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_Gradient_MatchesFiniteDifferences(string name)
    {
        var f = Activation.Parse(name);
        double error = MaxError((t, v) => Ops.Activate(t, "act", v[0], f), [AwayFromZero("x", 0.05, 3, 6, 9)], step: 1e-2);
        Assert.True(error < Tolerance, $"{name}: max error {error}");
    }

    [Theory]
    [InlineData(new[] { 6, 5 })]
    [InlineData(new[] { 3, 4, 3, 2 })]
    public void BatchNorm_Training_GradientsOfInputGammaBeta_MatchFiniteDifferences(int[] shape)
    {
        int c = shape[1];
        double error = MaxError((t, v) => Ops.BatchNorm(t, "bn", v[0], v[1], v[2], new Tensor(c), Tensor.Full(1f, c)),
            [Uniform("x", -2, 2, shape), Uniform("g", 0.5, 1.5, c), Uniform("b", -1, 1, c)], step: 5e-3);
        Assert.True(error < 5e-3, $"max error {error}");
    }

    [Fact]
    public void BatchNorm_Evaluation_UsesRunningStatistics_AndItsGradientMatches()
    {
        var mean = Tensor.FromArray([0.5f, -1f, 2f], 3);
        var variance = Tensor.FromArray([4f, 0.25f, 1f], 3);
        double error = MaxError((t, v) => Ops.BatchNorm(t, "bn", v[0], v[1], v[2], mean, variance),
            [Uniform("x", -2, 2, 4, 3), Uniform("g", 0.5, 1.5, 3), Uniform("b", -1, 1, 3)], training: false);
        Assert.True(error < Tolerance, $"max error {error}");
        var tape = new Tape(1, training: false);
        var x = Tensor.FromArray([2.5f, 0f, 2f], 1, 3);
        var y = Ops.BatchNorm(tape, "bn", new Variable(x, false), new Variable(Tensor.Full(1f, 3), false), new Variable(new Tensor(3), false), mean, variance);
        Assert.Equal(1f, y.Value[0, 0], 1e-4f);
        Assert.Equal(2f, y.Value[0, 1], 1e-4f);
        Assert.Equal(0f, y.Value[0, 2], 1e-4f);
    }

    [Fact]
    public void BatchNorm_Training_UpdatesRunningStatistics_WithUnbiasedVariance()
    {
        var mean = new Tensor(1);
        var variance = Tensor.Full(1f, 1);
        var x = Tensor.FromArray([1f, 2f, 3f, 6f], 4, 1);
        var tape = new Tape(1);
        var y = Ops.BatchNorm(tape, "bn", new Variable(x, false), new Variable(Tensor.Full(1f, 1), false), new Variable(new Tensor(1), false), mean, variance);
        // Batch mean 3, biased variance 3.5, unbiased 14/3.
        Assert.Equal(0.9f * 0 + 0.1f * 3, mean.Span[0], 1e-6f);
        Assert.Equal(0.9f * 1 + 0.1f * (14f / 3), variance.Span[0], 1e-6f);
        Assert.Equal(-2 / MathF.Sqrt(3.5f + 1e-5f), y.Value.Span[0], 1e-5f);
    }

    [Theory]
    [InlineData(new[] { 4, 6 })]
    [InlineData(new[] { 3, 2, 3, 2 })]
    public void LayerNorm_GradientsOfInputGammaBeta_MatchFiniteDifferences(int[] shape)
    {
        int[] features = shape[1..];
        double error = MaxError((t, v) => Ops.LayerNorm(t, "ln", v[0], v[1], v[2]),
            [Uniform("x", -2, 2, shape), Uniform("g", 0.5, 1.5, features), Uniform("b", -1, 1, features)], step: 5e-3);
        Assert.True(error < 5e-3, $"max error {error}");
    }

    [Fact]
    public void Dropout_Gradient_MatchesFiniteDifferences_ForItsFixedMask()
    {
        double error = MaxError((t, v) => Ops.Dropout(t, "drop", v[0], 0.4), [Uniform("x", -1, 1, 8, 10)]);
        Assert.True(error < Tolerance, $"max error {error}");
    }

    [Fact]
    public void Dropout_KeepsAboutOneMinusP_ScalesBy1OverKeep_AndIsIdentityInEvaluation()
    {
        var x = new Variable(Tensor.Full(1f, 100, 100), false);
        var y = Ops.Dropout(new Tape(1) { Seed = 9, Step = 2 }, "drop", x, 0.3).Value.Span;
        int kept = 0;
        foreach (float v in y)
        {
            Assert.True(v == 0 || Math.Abs(v - 1 / 0.7f) < 1e-6);
            kept += v != 0 ? 1 : 0;
        }
        // Binomial(10⁴, 0.7): std ≈ 46, so ±300 cannot flake.
        Assert.InRange(kept, 7000 - 300, 7000 + 300);
        var again = Ops.Dropout(new Tape(1) { Seed = 9, Step = 2 }, "drop", x, 0.3).Value.ToArray();
        Assert.Equal(y.ToArray(), again);
        var other = Ops.Dropout(new Tape(1) { Seed = 9, Step = 3 }, "drop", x, 0.3).Value.ToArray();
        Assert.NotEqual(again, other);
        Assert.Same(x, Ops.Dropout(new Tape(1, training: false), "drop", x, 0.3));
    }

    [Fact]
    public void Residual_AddAndScale_AccumulateGradientsOfASharedInput()
    {
        // y = x + α·tanh(x W ᵀ): x feeds two nodes, so its gradient is the sum of both paths.
        var tanh = Activation.Parse("tanh");
        double error = MaxError((t, v) =>
            Ops.Add(t, "res", v[0], Ops.Scale(t, "res", Ops.Activate(t, "act", Ops.Linear(t, "fc", v[0], v[1], null), tanh), v[2])),
            [Uniform("x", -1, 1, 3, 4), Uniform("w", -1, 1, 4, 4), Tensor.Full(0.7f, 1)]);
        Assert.True(error < Tolerance, $"max error {error}");
    }

    [Fact]
    public void Reshape_PassesTheGradientBack()
    {
        double error = MaxError((t, v) => Ops.Linear(t, "fc", Ops.Reshape(t, "flat", v[0], 2, -1), v[1], null),
            [Uniform("x", -1, 1, 2, 3, 2, 2), Uniform("w", -1, 1, 3, 12)]);
        Assert.True(error < Tolerance, $"max error {error}");
    }

    [Fact]
    public void SoftmaxCrossEntropy_Gradient_MatchesFiniteDifferences_AndIsStableForHugeLogits()
    {
        int[] targets = [2, 0, 4];
        double error = MaxError((t, v) => Ops.SoftmaxCrossEntropy(t, "loss", v[0], targets), [Uniform("z", -3, 3, 3, 5)]);
        Assert.True(error < Tolerance, $"max error {error}");
        var z = Tensor.FromArray([1000f, 0f, -1000f], 1, 3);
        var loss = Ops.SoftmaxCrossEntropy(new Tape(1), "loss", new Variable(z, false), [1]).Value.Span[0];
        Assert.Equal(1000f, loss);
        var uniform = Ops.SoftmaxCrossEntropy(new Tape(1), "loss", new Variable(new Tensor(2, 4), false), [0, 3]).Value.Span[0];
        Assert.Equal(MathF.Log(4), uniform, 1e-6f);
    }

    [Fact]
    public void MeanSquaredError_ValueAndGradient()
    {
        var target = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        double error = MaxError((t, v) => Ops.MeanSquaredError(t, "loss", v[0], target), [Uniform("y", 0, 5, 2, 2)]);
        Assert.True(error < Tolerance, $"max error {error}");
        var y = Tensor.FromArray([1f, 0f, 3f, 8f], 2, 2);
        Assert.Equal((4f + 16f) / 4, Ops.MeanSquaredError(new Tape(1), "loss", new Variable(y, false), target).Value.Span[0]);
    }

    [Fact]
    public void InputsThatNeedNoGradient_GetNone()
    {
        var tape = new Tape(1);
        var x = new Variable(Uniform("x", -1, 1, 2, 3), false);
        var w = new Variable(Uniform("w", -1, 1, 4, 3), true);
        tape.Backward(Ops.SoftmaxCrossEntropy(tape, "loss", Ops.Linear(tape, "fc", x, w, null), [1, 2]));
        Assert.False(x.HasGrad(tape));
        Assert.True(w.HasGrad(tape));
    }

    [Fact]
    public void ReusedTape_GivesTheSameResult_AndFollowsABatchSizeChange()
    {
        var tape = new Tape(1);
        var w = new Variable(Uniform("w", -1, 1, 4, 3), true);
        float[] Step(Tensor x, int[] targets)
        {
            tape.Reset();
            tape.Backward(Ops.SoftmaxCrossEntropy(tape, "loss", Ops.Linear(tape, "fc", new Variable(x, false), w, null), targets));
            return w.Grad!.ToArray();
        }
        var first = Step(Uniform("x", -1, 1, 2, 3), [1, 2]);
        var smaller = Step(Uniform("x1", -1, 1, 1, 3), [0]);
        Assert.Equal(first, Step(Uniform("x", -1, 1, 2, 3), [1, 2]));
        Assert.NotEqual(first, smaller);
    }
}
