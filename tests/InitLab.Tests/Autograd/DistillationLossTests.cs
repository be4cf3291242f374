using InitLab.Autograd;
using InitLab.Tensors;
using static InitLab.Tests.Autograd.GradientCheck;

namespace InitLab.Tests.Autograd;

public class DistillationLossTests
{
    static readonly float[] Student = [1.5f, -0.5f, 0.25f, 2.0f, -1.0f, 0.75f, 3.0f, -2.5f, 0.1f, 0.2f, -0.3f, 0.4f];
    static readonly float[] Teacher = [2.5f, -1.0f, 0.5f, 1.0f, 0.0f, 1.5f, 4.0f, -3.0f, -0.5f, 1.0f, 0.0f, 0.5f];
    static readonly int[] Targets = [3, 2, 1];

    // /usr/bin/python3 bench/peers/distillation.py (PyTorch 1.13, float64):
    // α·T²·kl_div(log_softmax(s/T), softmax(t/T), reduction="batchmean") + (1 − α)·cross_entropy(s, y), and its gradient.
    [Theory]
    [InlineData(2.5, 0.7, 0.328962279764, new[] { -0.049305627682, 0.020302983245, 0.000523776852, 0.028478867585, -0.002101619134, 0.015684262188, -0.029785098956, 0.016202455902, 0.063948520279, -0.114218434862, 0.011172112491, 0.039097802092 })]
    [InlineData(1.0, 1.0, 0.160365267640, new[] { -0.131481286716, 0.007443146503, -0.001383429896, 0.125421570108, -0.000130204195, 0.006307223732, -0.007108908179, 0.000931888642, 0.046955788055, -0.062385575743, -0.001639015269, 0.017068802958 })]
    [InlineData(4.0, 0.0, 0.686427162217, new[] { 0.108557783171, 0.014691698333, 0.031102325615, -0.154351807119, 0.005413374812, 0.031151821178, -0.037773083178, 0.001207887189, 0.080801229418, -0.244034164435, 0.054162683823, 0.109070251193 })]
    public void LossAndGradient_MatchPyTorch(double temperature, double alpha, double loss, double[] gradient)
    {
        var tape = new Tape(1);
        var s = new Variable(Tensor.FromArray(Student, 3, 4), true);
        var l = Ops.DistillationLoss(tape, "loss", s, Tensor.FromArray(Teacher, 3, 4), Targets, temperature, alpha);
        Assert.Equal(loss, l.Value.Span[0], 1e-6);
        tape.Backward(l);
        var g = s.Grad!.ToArray();
        for (int i = 0; i < g.Length; i++)
            Assert.Equal(gradient[i], g[i], 1e-7);
    }

    [Fact]
    public void AlphaZero_IsTheCrossEntropy()
    {
        var z = new Variable(Tensor.FromArray(Student, 3, 4), false);
        float kd = Ops.DistillationLoss(new Tape(1), "loss", z, Tensor.FromArray(Teacher, 3, 4), Targets, 3, 0).Value.Span[0];
        float ce = Ops.SoftmaxCrossEntropy(new Tape(1), "loss", z, Targets).Value.Span[0];
        Assert.Equal(ce, kd, 1e-6f);
    }

    [Fact]
    public void SoftTerm_IsZero_WhenTheStudentMatchesTheTeacher()
    {
        var t = Tensor.FromArray(Teacher, 3, 4);
        float kd = Ops.DistillationLoss(new Tape(1), "loss", new Variable(t, false), t, Targets, 2, 1).Value.Span[0];
        Assert.Equal(0f, kd, 1e-7f);
    }

    [Theory]
    [InlineData(2.0, 0.5)]
    [InlineData(5.0, 0.9)]
    public void Gradient_MatchesFiniteDifferences(double temperature, double alpha)
    {
        var teacher = Uniform("teacher", -4, 4, 5, 6);
        int[] targets = [0, 5, 2, 2, 3];
        double error = MaxError((t, v) => Ops.DistillationLoss(t, "loss", v[0], teacher, targets, temperature, alpha), [Uniform("student", -3, 3, 5, 6)]);
        Assert.True(error < 2e-3, $"max error {error}");
    }

    [Theory]
    [InlineData(0.0, 0.5, "--kd-temperature = 0 is not allowed")]
    [InlineData(double.PositiveInfinity, 0.5, "--kd-temperature = Infinity is not allowed")]
    [InlineData(2.0, 1.5, "--kd-alpha = 1.5 is not allowed; it must be in [0, 1]")]
    public void BadTemperatureOrAlpha_IsRejected(double temperature, double alpha, string message)
    {
        var z = new Variable(Tensor.FromArray(Student, 3, 4), false);
        var e = Assert.Throws<ArgumentException>(() => Ops.DistillationLoss(new Tape(1), "loss", z, Tensor.FromArray(Teacher, 3, 4), Targets, temperature, alpha));
        Assert.StartsWith(message, e.Message);
    }
}
