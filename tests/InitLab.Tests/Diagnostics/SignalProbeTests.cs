using InitLab.Activations;
using InitLab.Autograd;
using InitLab.Diagnostics;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Nn;
using InitLab.Tensors;

namespace InitLab.Tests.Diagnostics;

public class SignalProbeTests
{
    static (Sequential Chain, Tensor Input) Chain(int width, int depth, Activation activation, string scheme, int batch, ulong seed)
    {
        var chain = DeepChain.Build(width, width, depth, activation);
        ModelInitialization.Apply(chain, scheme, "zeros", seed);
        return (chain, ProbeBatch.Gaussian(batch, [width], seed).Input);
    }

    static int[] Bits(Tensor t) => [.. t.ToArray().Select(BitConverter.SingleToInt32Bits)];

    [Fact]
    public void Probe_LeavesOutputsWeightsAndRunningStatisticsBitIdentical()
    {
        var model = ModelBuilder.Build(ModelSpec.Parse("mlp:64-48-32-10"), new ModelOptions(Activation.Relu, Normalization.Batch, Dropout: 0.2), 1, 8, 8);
        ModelInitialization.Apply(model.Layers, "he-normal", "uniform", 5);
        var input = ProbeBatch.Gaussian(32, model.InputShape, 6).Input;
        int[] Output(bool training) => Bits(model.Forward(new Tape(training: training) { Seed = 9 }, new Variable(input, false)).Value);
        var weights = model.Parameters.Select(p => Bits(p.Value)).ToList();
        var buffers = model.Buffers.Select(b => Bits(b.Value)).ToList();
        var evaluation = Output(training: false);

        var probe = SignalProbe.Run(model.Layers, input, [], new ProbeSettings { Seed = 9 });

        Assert.Equal(evaluation, Output(training: false));
        Assert.Equal(weights, model.Parameters.Select(p => Bits(p.Value)).ToList());
        Assert.Equal(buffers, model.Buffers.Select(b => Bits(b.Value)).ToList());
        Assert.Equal(3, probe.Layers.Count);
        // Batch norm between the layers breaks the plain chain: no prediction and no Jacobian rather than a wrong one.
        Assert.All(probe.Layers, l => Assert.Null(l.PredictedPreStd));
        Assert.Null(probe.Jacobian);
    }

    /// <summary>
    /// A linear chain with Var[W] = 1/n: the prediction is exact in expectation, and one network is enough. Given the layer's
    /// input H [n, B], the measured q = ‖W·H‖²/(nB) has relative variance 2·tr((HHᵀ)²)/(n·tr(HHᵀ)²) ≈ (2/n)·(1/B + 1/n)
    /// (Wishart moments); l layers add up to l times that. The probe predicts from the measured E[W²] and E[x²], so the
    /// weights' own sampling error is already removed. The bound is 5σ on the std (half the relative error of q).
    /// </summary>
    [Fact]
    public void LinearChain_MeasuredStdMatchesTheory_ForwardAndBackward_WithinSamplingError()
    {
        const int width = 500, depth = 10, batch = 1000;
        var (chain, input) = Chain(width, depth, Activation.Identity, "lecun-normal", batch, 11);
        var probe = SignalProbe.Run(chain, input, [], new ProbeSettings { Seed = 11, Jacobian = false });
        double perLayer = 2.0 / width * (1.0 / batch + 1.0 / width);
        foreach (var layer in probe.Layers)
        {
            double tolerance = 5 * 0.5 * Math.Sqrt(layer.Index * perLayer);
            Assert.InRange(layer.Pre.Std / layer.PredictedPreStd!.Value, 1 - tolerance, 1 + tolerance);
            // Backward, Var[δ_l] = Var[δ_(l+1)]·n·Var[W]: with square layers the readout's std 1/B reaches every layer.
            double backward = 5 * 0.5 * Math.Sqrt((depth - layer.Index + 1) * perLayer);
            Assert.InRange(layer.GradStd * batch, 1 - backward, 1 + backward);
        }
    }

    /// <summary>
    /// ReLU with He weights, averaged over 24 networks: for one input Var[log ‖z_l‖²] ≈ 5·l/n (Hanin 2018,
    /// https://arxiv.org/abs/1801.03744), so the per-network relative error of q_l has sd ≤ √(5l/n) (a batch only lowers it);
    /// the mean over K networks divides it by √K. The bound is 4σ on q.
    /// </summary>
    [Fact]
    public void ReluChain_MeasuredStdMatchesTheory_InTheMeanOverNetworks()
    {
        const int width = 512, depth = 4, batch = 128, networks = 24;
        var measured = new double[depth];
        var predicted = new double[depth];
        for (int k = 0; k < networks; k++)
        {
            var (chain, input) = Chain(width, depth, Activation.Relu, "he-normal", batch, (ulong)(100 + k));
            var probe = SignalProbe.Run(chain, input, [], new ProbeSettings { Jacobian = false });
            for (int l = 0; l < depth; l++)
            {
                var pre = probe.Layers[l].Pre;
                measured[l] += (pre.Std * pre.Std + pre.Mean * pre.Mean) / networks;
                predicted[l] += probe.Layers[l].PredictedPreStd!.Value * probe.Layers[l].PredictedPreStd!.Value / networks;
            }
        }
        for (int l = 0; l < depth; l++)
        {
            double tolerance = 4 * Math.Sqrt(5.0 * (l + 1) / width / networks);
            Assert.InRange(measured[l] / predicted[l], 1 - tolerance, 1 + tolerance);
        }
        // He keeps q = 2·E[x²] = 2 at every layer.
        Assert.All(predicted, q => Assert.Equal(2, q, 0.05));
    }

    [Fact]
    public void WeightGradient_OfTheGaussianReadout_MatchesTheDirectFormula()
    {
        const int width = 24, batch = 10;
        var (chain, input) = Chain(width, 2, Activation.Tanh, "glorot-uniform", batch, 3);
        var probe = SignalProbe.Run(chain, input, [], new ProbeSettings { Seed = 4, LearningRate = 0.1, Jacobian = false });
        // L = (1/B)·Σ g·φ(z₂), so ∂L/∂W₂ = (g ⊙ φ′(z₂))ᵀ·h₁/B with g the seeded readout.
        var g = new float[batch * width];
        InitLab.Random.Fill.Normal<float>(g, new InitLab.Random.RandomStream(4, "probe.readout"), 0, 1);
        var tape = new Tape();
        var h1 = chain.Layers[1].Forward(tape, chain.Layers[0].Forward(tape, new Variable(input, false))).Value.ToArray();
        var w2 = ((Linear)chain.Layers[2]).Weight.Value.ToArray();
        double norm = 0;
        for (int o = 0; o < width; o++)
            for (int i = 0; i < width; i++)
            {
                double sum = 0;
                for (int b = 0; b < batch; b++)
                {
                    double z = 0;
                    for (int j = 0; j < width; j++)
                        z += w2[o * width + j] * h1[b * width + j];
                    sum += g[b * width + o] * (1 - Math.Tanh(z) * Math.Tanh(z)) * h1[b * width + i] / batch;
                }
                norm += sum * sum;
            }
        var last = probe.Layers[1];
        Assert.Equal(Math.Sqrt(norm), last.WeightGradNorm, 1e-5 * Math.Sqrt(norm));
        Assert.Equal(0.1 * last.WeightGradNorm / last.WeightNorm, last.UpdateRatio, 1e-12);
    }

    [Fact]
    public void CrossEntropyProbe_NeedsLabels_AndNamesItsLoss()
    {
        var model = ModelBuilder.Build(ModelSpec.Parse("mlp:16-8-3"), new ModelOptions(Activation.Tanh), 1, 4, 4);
        ModelInitialization.Apply(model.Layers, "glorot-normal", "zeros", 1);
        var input = ProbeBatch.Gaussian(6, model.InputShape, 2).Input;
        var probe = SignalProbe.Run(model.Layers, input, [0, 1, 2, 0, 1, 2], new ProbeSettings { Loss = ProbeLoss.CrossEntropy });
        Assert.Equal(ProbeLoss.CrossEntropy, probe.Loss);
        // At initialization the logits are small, so the loss is near ln 3.
        Assert.InRange(probe.LossValue, 0.5 * Math.Log(3), 2 * Math.Log(3));
        Assert.Throws<ArgumentException>(() => SignalProbe.Run(model.Layers, input, [0, 1], new ProbeSettings { Loss = ProbeLoss.CrossEntropy }));
    }
}
