using InitLab.Autograd;
using InitLab.Tensors;
using static InitLab.Tests.Autograd.GradientCheck;

namespace InitLab.Tests.Autograd;

public class WeightedCrossEntropyTests
{
    static readonly float[] Logits = [1.5f, -0.5f, 0.25f, 2.0f, -1.0f, 0.75f, 3.0f, -2.5f, 0.1f, 0.2f, -0.3f, 0.4f];
    static readonly int[] Targets = [3, 2, 1];
    static readonly float[] Weights = [0.5f, 2.0f, 1.25f, 0.75f];

    [Fact]
    public void LossAndGradient_MatchPyTorch()
    {
        // /usr/bin/python3 bench/peers/weighted_cross_entropy.py (PyTorch 1.13, float64): cross_entropy(z, t, weight=w).
        double[] expected = [0.061063753034, 0.008264080312, 0.017495058158, -0.086822891504, 0.005075038886, 0.029204832354, -0.035412265479, 0.001132394239, 0.121201844128, -0.366051246653, 0.081244025735, 0.163605376790];
        var tape = new Tape(1);
        var z = new Variable(Tensor.FromArray(Logits, 3, 4), true);
        var loss = Ops.WeightedSoftmaxCrossEntropy(tape, "loss", z, Targets, Weights);
        Assert.Equal(0.812758691914, loss.Value.Span[0], 1e-6);
        tape.Backward(loss);
        var g = z.Grad!.ToArray();
        for (int i = 0; i < g.Length; i++)
            Assert.Equal(expected[i], g[i], 1e-7);
    }

    [Fact]
    public void EqualWeights_GiveThePlainCrossEntropy()
    {
        var z = new Variable(Tensor.FromArray(Logits, 3, 4), false);
        float weighted = Ops.WeightedSoftmaxCrossEntropy(new Tape(1), "loss", z, Targets, [3f, 3f, 3f, 3f]).Value.Span[0];
        Assert.Equal(Ops.SoftmaxCrossEntropy(new Tape(1), "loss", z, Targets).Value.Span[0], weighted, 1e-6f);
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferences()
    {
        double error = MaxError((t, v) => Ops.WeightedSoftmaxCrossEntropy(t, "loss", v[0], [0, 4, 2, 2], [1f, 0.2f, 3f, 0.5f, 1.5f]), [Uniform("z", -3, 3, 4, 5)]);
        Assert.True(error < 2e-3, $"max error {error}");
    }

    [Fact]
    public void BadWeights_AreRejected()
    {
        var z = new Variable(Tensor.FromArray(Logits, 3, 4), false);
        Assert.Contains("class weight -1 is not allowed", Assert.Throws<ArgumentException>(() => Ops.WeightedSoftmaxCrossEntropy(new Tape(1), "loss", z, Targets, [1f, -1f, 1f, 1f])).Message);
        Assert.Contains("sum to 0", Assert.Throws<ArgumentException>(() => Ops.WeightedSoftmaxCrossEntropy(new Tape(1), "loss", z, Targets, [1f, 0f, 0f, 0f])).Message);
        Assert.Contains("C weights", Assert.Throws<ArgumentException>(() => Ops.WeightedSoftmaxCrossEntropy(new Tape(1), "loss", z, Targets, [1f, 1f])).Message);
    }
}
