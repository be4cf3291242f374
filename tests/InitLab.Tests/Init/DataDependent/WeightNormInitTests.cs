using InitLab.Activations;
using InitLab.Autograd;
using InitLab.Init.DataDependent;
using InitLab.Init.Network;
using InitLab.Nn;
using InitLab.Random;
using InitLab.Tensors;

namespace InitLab.Tests.Init.DataDependent;

public class WeightNormInitTests
{
    static Tensor Normal(string name, double std, params int[] shape)
    {
        var t = new Tensor(shape);
        Fill.Normal(t.Span, new RandomStream(11, name), 0, std);
        return t;
    }

    static void AssertExactMoments(Sequential root, Tensor batch, double scale)
    {
        new WeightNormInit(scale).Run(root, batch, threads: 1);
        var layers = root.Modules().OfType<WeightNorm>().ToList();
        var outputs = ModelLayers.Outputs(new Tape(1, false), root, batch, [.. layers.Select(l => l.Name)]);
        for (int k = 0; k < layers.Count; k++)
        {
            var (mean, std) = ModelLayers.UnitMoments(outputs[k], layers[k].Units);
            for (int u = 0; u < layers[k].Units; u++)
            {
                Assert.True(Math.Abs(mean[u]) < 2e-6 * scale + 1e-6, $"{layers[k].Name} unit {u}: mean {mean[u]}");
                Assert.Equal(scale, std[u], scale * 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.1)]
    public void EveryUnit_HasMeanZeroAndStdInitScale_OnTheInitBatch_Mlp(double scale)
    {
        var root = new Sequential([new WeightNorm(new Linear(20, 16)), new ActivationLayer(Activation.Tanh), new WeightNorm(new Linear(16, 5))]);
        root.SetName("layers");
        foreach (var wn in root.Modules().OfType<WeightNorm>())
            Normal(wn.V.Name, 0.05, [.. wn.V.Value.Shape.ToArray()]).CopyTo(wn.V.Value);
        var batch = Normal("batch", 1, 64, 20);
        for (int i = 0; i < batch.Length; i++)
            batch.Span[i] += 3;   // a large common mean: μ must be removed through b
        AssertExactMoments(root, batch, scale);
    }

    [Fact]
    public void EveryChannel_HasMeanZeroAndStdInitScale_OnTheInitBatch_Conv()
    {
        var root = new Sequential([new WeightNorm(new Conv2d(2, 4, 3, padding: 1)), new ActivationLayer(Activation.Relu), new WeightNorm(new Conv2d(4, 3, 3))]);
        root.SetName("layers");
        foreach (var wn in root.Modules().OfType<WeightNorm>())
            Normal(wn.V.Name, 0.05, [.. wn.V.Value.Shape.ToArray()]).CopyTo(wn.V.Value);
        AssertExactMoments(root, Normal("batch", 1, 8, 2, 6, 6), 1);
    }

    [Fact]
    public void ThroughTrain_WrapsEveryLayer_AndDrawsVFromNormal005()
    {
        var trainer = Network.InitTestModels.Build("mlp:784-32-10", "weight-norm");
        Assert.Equal(2, trainer.Model.Layers.Modules().OfType<WeightNorm>().Count());
        Assert.Equal(0.05, trainer.Initialization.Single(r => r.Parameter == "layers.0.weight_v").Std);
        Assert.Equal(2, Assert.Single(trainer.ModelInitialization).Steps.Count);
    }
}
