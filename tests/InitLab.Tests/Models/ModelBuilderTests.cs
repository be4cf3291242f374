using InitLab.Activations;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Nn;

namespace InitLab.Tests.Models;

public class ModelBuilderTests
{
    static Model Build(string spec, Normalization norm = Normalization.None, double dropout = 0, bool branchScale = false) =>
        ModelBuilder.Build(ModelSpec.Parse(spec), new ModelOptions(Activation.Relu, norm, dropout, branchScale), 1, 28, 28);

    static string Layers(Model m) => string.Join(" | ", m.Layers.Layers.Select(l => l.Describe()));

    [Fact]
    public void Mlp_IsLinearActPerWidth_ThenTheClassifier_WithPyTorchParameterNames()
    {
        var m = Build("mlp:784-256-128-10", dropout: 0.5);
        Assert.Equal("Linear(784 → 256) | relu | Dropout(0.5) | Linear(256 → 128) | relu | Dropout(0.5) | Linear(128 → 10)", Layers(m));
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias", "layers.6.weight", "layers.6.bias"], m.Parameters.Select(p => p.Name));
        Assert.Equal([784], m.InputShape);
        Assert.Equal(Activation.Relu, m.Parameters[0].FollowingActivation);
        Assert.Equal(Activation.Identity, m.Parameters[4].FollowingActivation);
    }

    [Fact]
    public void Cnn_WithBatchNorm_PutsTheNormBetweenLayerAndActivation_AndFlattensBeforeTheDenseLayers()
    {
        var m = Build("cnn:c32-p-c64-p-f128-10", Normalization.Batch);
        Assert.Equal("Conv2d(1 → 32, 3×3, stride 1, padding 1) | BatchNorm2d(32) | relu | MaxPool2d(2×2, stride 2) | " +
                     "Conv2d(32 → 64, 3×3, stride 1, padding 1) | BatchNorm2d(64) | relu | MaxPool2d(2×2, stride 2) | Flatten | " +
                     "Linear(3136 → 128) | BatchNorm1d(128) | relu | Linear(128 → 10)", Layers(m));
        Assert.Equal(["layers.1.running_mean", "layers.1.running_var"], m.Buffers.Take(2).Select(b => b.Name));
        Assert.Equal(Activation.Relu, m.Parameters.Single(p => p.Name == "layers.0.weight").FollowingActivation);
        Assert.Equal((9L, 288L, 9L), (m.Parameters[0].FanIn, m.Parameters[0].FanOut, m.Parameters[0].ReceptiveField));
    }

    [Fact]
    public void LayerNorm_AfterAConvolution_NormalizesChannelsTimesPixels()
    {
        var m = Build("cnn:c8k5-p-10", Normalization.Layer);
        Assert.StartsWith("Conv2d(1 → 8, 5×5, stride 1, padding 2) | LayerNorm([8, 28, 28]) | relu", Layers(m));
    }

    [Fact]
    public void ResMlp_ProjectsThenStacksResidualBlocks_WithBranchNames()
    {
        var m = Build("resmlp:784-64x2-10", branchScale: true);
        Assert.Equal("Linear(784 → 64) | relu | Residual(x + α·f(x)) | Residual(x + α·f(x)) | Linear(64 → 10)", Layers(m));
        var names = m.Parameters.Select(p => p.Name).ToList();
        Assert.Contains("layers.2.alpha", names);
        Assert.Contains("layers.2.branch.0.weight", names);
        Assert.Contains("layers.3.branch.2.weight", names);
        Assert.Equal(Activation.Identity, m.Parameters.Single(p => p.Name == "layers.2.branch.2.weight").FollowingActivation);
    }

    [Fact]
    public void ResCnn_WithGlobalPooling_SkipsTheFlatten()
    {
        var m = Build("rescnn:c16-r32x1-g-10");
        Assert.Equal("Conv2d(1 → 16, 3×3, stride 1, padding 1) | relu | Conv2d(16 → 32, 1×1, stride 1, padding 0) | relu | Residual(x + f(x)) | GlobalAvgPool | Linear(32 → 10)", Layers(m));
    }

    [Fact]
    public void SpecsThatDoNotFitTheImage_AreRejected()
    {
        Assert.Contains("start the spec with 784", Assert.Throws<ArgumentException>(() => Build("mlp:100-10")).Message);
        Assert.Contains("remove a 'p'", Assert.Throws<ArgumentException>(() => Build("cnn:c4-p-p-p-p-p-10")).Message);
    }
}
