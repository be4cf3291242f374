using InitLab.Autograd;
using InitLab.Data;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Nn;
using InitLab.Tensors;
using InitLab.Training;
using static InitLab.Tests.Autograd.GradientCheck;

namespace InitLab.Tests.Autograd;

public class DropConnectTests
{
    const double P = 0.3;

    static float[] Masked(Variable w, long step, int threads, ulong seed = 9)
    {
        var tape = new Tape(threads) { Seed = seed, Step = step };
        return Ops.DropConnect(tape, "layers.0", w, P).Value.ToArray();
    }

    [Fact]
    public void EachWeight_IsZeroOrScaledByOneOverKeep_AndTheKeptFractionIsOneMinusP()
    {
        var w = new Variable(AwayFromZero("w", 0.5, 1.5, 200, 300), true);
        var y = Masked(w, 0, 1);
        var v = w.Value.ToArray();
        int kept = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (y[i] == 0)
                continue;
            kept++;
            Assert.Equal(v[i] * (1f / (1f - (float)P)), y[i]);
        }
        // 60 000 Bernoulli(0.7) draws: the std of the kept fraction is 0.0019; 0.01 is over five of them.
        Assert.InRange((double)kept / v.Length, 1 - P - 0.01, 1 - P + 0.01);
    }

    [Fact]
    public void Mask_IsTheDefinition_KeepWhereTheStreamsDrawIsAtLeastP()
    {
        var w = new Variable(AwayFromZero("w", 0.5, 1.5, 40, 50), true);
        var draws = new float[w.Value.Length];
        InitLab.Random.Fill.Uniform(draws, Ops.DropConnectStream(9, "layers.0", 5), 0, 1);
        var y = Masked(w, 5, 1);
        for (int i = 0; i < draws.Length; i++)
            Assert.Equal(draws[i] >= P, y[i] != 0);
    }

    [Fact]
    public void AveragedOverSteps_TheMaskedWeightIsTheWeight()
    {
        var w = new Variable(Tensor.FromArray([0.8f, -1.2f, 0.5f, 2f], 2, 2), true);
        var mean = new double[4];
        const int steps = 20000;
        for (long s = 0; s < steps; s++)
        {
            var y = Masked(w, s, 1);
            for (int i = 0; i < 4; i++)
                mean[i] += y[i] / (double)steps;
        }
        // Each mean has std |w|·√(p/(1 − p))/√steps ≤ 0.0093; 0.05 is over five of them.
        for (int i = 0; i < 4; i++)
            Assert.Equal(w.Value.Span[i], mean[i], 0.05);
    }

    [Fact]
    public void Masks_DependOnSeedLayerAndStep_NotOnThreads()
    {
        var w = new Variable(AwayFromZero("w", 0.5, 1.5, 64, 100), true);
        Assert.Equal(Masked(w, 3, 1), Masked(w, 3, 2));
        Assert.Equal(Masked(w, 3, 1), Masked(w, 3, 4));
        Assert.NotEqual(Masked(w, 3, 1), Masked(w, 4, 1));
        Assert.NotEqual(Masked(w, 3, 1), Masked(w, 3, 1, seed: 10));
        Assert.NotEqual(Ops.DropoutStream(9, "layers.0", 3).NameHash, Ops.DropConnectStream(9, "layers.0", 3).NameHash);
    }

    [Fact]
    public void Evaluation_UsesTheWeightUnchanged()
    {
        var w = new Variable(AwayFromZero("w", 0.5, 1.5, 4, 5), true);
        Assert.Same(w, Ops.DropConnect(new Tape(1, training: false), "layers.0", w, P));
    }

    [Fact]
    public void Gradient_IsTheUpstreamGradientTimesTheMask()
    {
        double error = MaxError((t, v) => Ops.DropConnect(t, "layers.0", v[0], P), [AwayFromZero("w", 0.5, 1.5, 6, 7)]);
        Assert.True(error < 1e-3, $"max error {error}");
    }

    [Fact]
    public void ModelBuilder_PutsDropConnectOnTheHiddenDenseLayers_NotTheOutputLayer()
    {
        var model = ModelBuilder.Build(ModelSpec.Parse("mlp:784-32-16-10"), new ModelOptions(InitLab.Activations.Activation.Relu, DropConnect: 0.25), 1, 28, 28);
        var linears = model.Layers.Modules().OfType<Linear>().ToList();
        Assert.Equal([0.25, 0.25, 0.0], linears.Select(l => l.DropConnect));
    }

    [Fact]
    public void SignalProbe_OfADropConnectModel_ProbesEachLayerOnce_WithoutTheChainPrediction()
    {
        var model = ModelBuilder.Build(ModelSpec.Parse("mlp:64-48-32-10"), new ModelOptions(InitLab.Activations.Activation.Relu, DropConnect: 0.5), 1, 8, 8);
        InitLab.Diagnostics.ModelInitialization.Apply(model.Layers, "he-normal", "zeros", 5);
        var input = InitLab.Diagnostics.ProbeBatch.Gaussian(32, model.InputShape, 6).Input;
        var probe = InitLab.Diagnostics.SignalProbe.Run(model.Layers, input, [], new InitLab.Diagnostics.ProbeSettings { Seed = 9 });
        Assert.Equal(3, probe.Layers.Count);
        Assert.All(probe.Layers, l => Assert.Null(l.PredictedPreStd));
        Assert.Null(probe.Jacobian);
    }

    [Fact]
    public void DropConnectTraining_IsBitIdentical_AcrossThreadsAndResume()
    {
        var config = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-32-32-10", Epochs = 2, Batch = 100, LearningRate = 0.1, Momentum = 0.9, Seed = 6 };
        Training.Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(config with { DropConnect = 0.4 }, config, DataSource.Load(DataSource.Embedded));
    }
}
