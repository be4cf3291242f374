using InitLab.Autograd;
using InitLab.Data;
using InitLab.Tensors;
using InitLab.Training;
using static InitLab.Tests.Autograd.GradientCheck;

namespace InitLab.Tests.Autograd;

public class LabelSmoothingTests
{
    static readonly float[] Logits = [1.5f, -0.5f, 0.25f, 2.0f, -1.0f, 0.75f, 3.0f, -2.5f, 0.1f, 0.2f, -0.3f, 0.4f];
    static readonly int[] Targets = [3, 2, 1];

    [Theory]
    // /usr/bin/python3 bench/peers/regularization.py (PyTorch 1.13, float64): CrossEntropyLoss(label_smoothing=ε)(z, t).
    [InlineData(0.1, 0.827260495550, new[] { 0.100224449838, 0.006358365000, 0.022768992282, -0.129351807119, -0.002919958522, 0.022818487844, -0.012773083178, -0.007125446145, 0.072467896085, -0.219034164435, 0.045829350490, 0.100736917860 })]
    [InlineData(0.35, 1.179343828884, new[] { 0.079391116504, -0.014474968334, 0.001935658948, -0.066851807119, -0.023753291855, 0.001985154511, 0.049726916822, -0.027958779478, 0.051634562752, -0.156534164435, 0.024996017157, 0.079903584527 })]
    public void LossAndGradient_MatchTorchCrossEntropyLoss(double epsilon, double expectedLoss, double[] expectedGradient)
    {
        var tape = new Tape(1);
        var z = new Variable(Tensor.FromArray(Logits, 3, 4), true);
        var loss = Ops.LabelSmoothedCrossEntropy(tape, "loss", z, Targets, epsilon);
        Assert.Equal(expectedLoss, loss.Value.Span[0], 1e-6);
        tape.Backward(loss);
        for (int i = 0; i < expectedGradient.Length; i++)
            Assert.Equal(expectedGradient[i], z.Grad!.Span[i], 1e-7);
    }

    [Fact]
    public void ZeroEpsilon_IsThePlainCrossEntropy()
    {
        var z = new Variable(Tensor.FromArray(Logits, 3, 4), false);
        Assert.Equal(Ops.SoftmaxCrossEntropy(new Tape(1), "loss", z, Targets).Value.Span[0],
            Ops.LabelSmoothedCrossEntropy(new Tape(1), "loss", z, Targets, 0).Value.Span[0], 1e-6f);
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferences()
    {
        double error = MaxError((t, v) => Ops.LabelSmoothedCrossEntropy(t, "loss", v[0], [0, 4, 2, 2], 0.2), [Uniform("z", -3, 3, 4, 5)]);
        Assert.True(error < 2e-3, $"max error {error}");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void EpsilonOutsideTheUnitInterval_IsRejected(double epsilon)
    {
        var z = new Variable(Tensor.FromArray(Logits, 3, 4), false);
        var e = Assert.Throws<ArgumentException>(() => Ops.LabelSmoothedCrossEntropy(new Tape(1), "loss", z, Targets, epsilon));
        Assert.Contains("--label-smoothing", e.Message);
    }

    [Fact]
    public void Trainer_TrainsOnTheSmoothedLoss_AndEvaluatesThePlainOne()
    {
        var data = DataSource.Load(DataSource.Embedded);
        var config = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-16-10", Epochs = 1, Batch = 100, Steps = 1, Seed = 2 };
        var plain = new Trainer(config, data, threads: 1);
        var smoothed = new Trainer(config with { LabelSmoothing = 0.2 }, data, threads: 1);
        var before = smoothed.Evaluate();
        Assert.Equal(plain.Evaluate(), before);
        plain.RunEpoch();
        smoothed.RunEpoch();
        Assert.NotEqual(plain.StepLosses[0], smoothed.StepLosses[0]);
    }
}
