using InitLab.Autograd;
using InitLab.Init.DataDependent;
using InitLab.Init.Network;
using InitLab.Tests.Init.Network;

namespace InitLab.Tests.Init.DataDependent;

public class LsuvTests
{
    static ModelInitReport Report(InitLab.Training.Trainer t) => Assert.Single(t.ModelInitialization);

    [Theory]
    [InlineData("mlp:784-64-64-64-64-64-64-64-64-10", "tanh")]
    [InlineData("cnn:c8-p-c16-p-f32-10", "relu")]
    [InlineData("resmlp:784-64x4-10", "relu")]
    public void EveryLayer_HasUnitVarianceOnTheInitBatch_AndNearlyOnAHeldOutBatch(string spec, string act)
    {
        var trainer = InitTestModels.Build(spec, "lsuv", act);
        var report = Report(trainer);
        Assert.Equal(ModelLayers.Weighted(trainer.Model.Layers).Count, report.Steps.Count);
        foreach (var step in report.Steps)
        {
            Assert.True(Math.Abs(step.Variance!.Value - 1) < 0.1, $"{step.Target}: variance {step.Variance}");
            Assert.InRange(step.HeldOutVariance!.Value, 0.8, 1.25);
        }
    }

    [Fact]
    public void ReportedVariance_IsTheLogitsVariance_MeasuredIndependently()
    {
        var trainer = InitTestModels.Build("mlp:784-32-32-10", "lsuv", "tanh", new ModelInitOptions { InitBatch = 100 });
        var images = new InitLab.Tensors.Tensor(100, 784);
        InitTestModels.Embedded.Value.Train.Gather(InitLab.Data.Shuffle.Permutation(3, 0, InitTestModels.Embedded.Value.Train.Count).AsSpan(0, 100), images.Span, new int[100]);
        var logits = trainer.Model.Forward(new Tape(1, training: false), new Variable(images, false)).Value;
        Assert.Equal(Report(trainer).Steps[^1].Variance!.Value, ModelLayers.Variance(logits.Span), 6);
    }

    [Fact]
    public void Pre_ConvergesInOneRescaling_BecauseScalingWScalesTheOutputExactly()
    {
        foreach (var step in Report(InitTestModels.Build("mlp:784-64-64-64-10", "lsuv", "tanh")).Steps)
        {
            Assert.InRange(step.Iterations!.Value, 0, 1);
            Assert.True(Math.Abs(step.Variance!.Value - 1) < (step.Iterations == 1 ? 1e-5 : 0.1), $"{step.Target}: {step.Iterations} rescalings, variance {step.Variance}");
        }
    }

    [Fact]
    public void Post_WithTanh_CannotReachVarianceOne_AndStopsAtMaxIter()
    {
        var options = new ModelInitOptions { LsuvWhere = LsuvPlacement.Post, LsuvMaxIter = 4 };
        var report = Report(InitTestModels.Build("mlp:784-32-32-10", "lsuv", "tanh", options));
        var hidden = report.Steps.Where(s => s.Target.Contains('→')).ToList();
        Assert.Equal(2, hidden.Count);
        Assert.All(hidden, s => Assert.Equal(4, s.Iterations));
        Assert.All(hidden, s => Assert.True(s.Variance < 1, $"tanh output variance {s.Variance}"));
    }

    [Fact]
    public void Center_MakesEveryUnitsMeanZero_AndKeepsUnitVariance()
    {
        var trainer = InitTestModels.Build("mlp:784-32-32-10", "lsuv", "relu", new ModelInitOptions { LsuvCenter = true, InitBatch = 100 });
        var images = new InitLab.Tensors.Tensor(100, 784);
        InitTestModels.Embedded.Value.Train.Gather(InitLab.Data.Shuffle.Permutation(3, 0, InitTestModels.Embedded.Value.Train.Count).AsSpan(0, 100), images.Span, new int[100]);
        var outputs = ModelLayers.Outputs(new Tape(1, false), trainer.Model.Layers, images, ["layers.0", "layers.2", "layers.4"]);
        foreach (var y in outputs)
        {
            var (mean, _) = ModelLayers.UnitMoments(y, y.Dim(1));
            Assert.All(mean, m => Assert.True(Math.Abs(m) < 1e-5, $"unit mean {m}"));
            Assert.True(Math.Abs(ModelLayers.Variance(y.Span) - 1) < 0.1);
        }
    }

    [Fact]
    public void StartsFromOrthonormalWeights_AndSkipsNormalizationLayers()
    {
        var trainer = InitTestModels.Build("mlp:784-32-10", "lsuv", norm: InitLab.Models.Normalization.Batch);
        Assert.Equal("orthogonal", trainer.Initialization.Single(r => r.Parameter == "layers.0.weight").Scheme.Name);
        Assert.Equal(["layers.0", "layers.3"], Report(trainer).Steps.Select(s => s.Target));
    }
}
