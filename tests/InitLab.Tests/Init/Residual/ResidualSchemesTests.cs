using InitLab.Autograd;
using InitLab.Init.Network;
using InitLab.Init.Residual;
using InitLab.Nn;
using InitLab.Tests.Init.Network;

namespace InitLab.Tests.Init.Residual;

public class ResidualSchemesTests
{
    /// <summary>ResNet-110's shape for 28×28 inputs: three stages of 18 basic blocks (54 branches of two convolutions).</summary>
    const string ResNet110 = "rescnn:c16-r16x18-p-r32x18-p-r64x18-g-10";

    static float[] Values(InitLab.Training.Trainer t, string name) => t.Model.Parameters.Single(p => p.Name == name).Value.ToArray();

    [Fact]
    public void Fixup_ResNet110_ScalesConv1ByLToTheMinusHalf_AndZeroesConv2AndTheClassifier()
    {
        Assert.Equal(1 / Math.Sqrt(54), Fixup.BranchFactor(54, 2), 15);
        Assert.Equal(Math.Pow(54, -0.25), Fixup.BranchFactor(54, 3), 15);
        var fixup = InitTestModels.Build(ResNet110, "fixup");
        var he = InitTestModels.Build(ResNet110, "he-normal");
        var report = Assert.Single(fixup.ModelInitialization);
        Assert.Contains("L = 54 branches, m = 2", report.Summary);
        var blocks = fixup.Model.Layers.Modules().OfType<FixupResidual>().ToList();
        Assert.Equal(54, blocks.Count);
        float factor = (float)(1 / Math.Sqrt(54));
        foreach (var block in blocks)
        {
            string conv1 = block.Branch.Layers[0].Name + ".weight", conv2 = block.Branch.Layers[2].Name;
            Assert.Equal(Values(he, conv1).Select(w => w * factor), Values(fixup, conv1));
            Assert.All(Values(fixup, conv2 + ".weight"), w => Assert.Equal(0f, w));
            Assert.All(Values(fixup, conv2 + ".bias"), w => Assert.Equal(0f, w));
            Assert.Equal(1f, block.Scale.Value.Span[0]);
            Assert.All(block.Shifts.Append(block.ShiftOut), s => Assert.Equal(0f, s.Value.Span[0]));
            Assert.Equal(2, block.Shifts.Count() - 1);   // before conv1, the activation and conv2
        }
        Assert.All(ModelLayers.Classifier(fixup.Model).Weight.Value.ToArray(), w => Assert.Equal(0f, w));
        string projection = fixup.Model.Layers.Layers.OfType<Conv2d>().Skip(1).First().Weight.Name;   // 16 → 32 channels
        Assert.Equal(Values(he, projection), Values(fixup, projection));   // keeps He
    }

    [Fact]
    public void Fixup_LogitsAreExactlyZero_AtInit()
    {
        var trainer = InitTestModels.Build("resmlp:784-64x6-10", "fixup");
        var logits = trainer.Model.Forward(new Tape(2, false), new Variable(InitTestModels.TestImages(32, trainer.Model.InputShape), false)).Value;
        Assert.All(logits.ToArray(), z => Assert.Equal(0f, z));
    }

    [Fact]
    public void Fixup_RejectsNormalizationAndPlainNetworks()
    {
        Assert.Contains("--norm none", Assert.Throws<ArgumentException>(() => InitTestModels.Build("resmlp:784-32x2-10", "fixup", norm: InitLab.Models.Normalization.Batch)).Message);
        Assert.Contains("residual blocks", Assert.Throws<ArgumentException>(() => InitTestModels.Build("mlp:784-32-10", "fixup")).Message);
    }

    [Theory]
    [InlineData("rezero")]
    [InlineData("skipinit")]
    public void ReZero_EveryBlockIsTheIdentity_AtInit(string name)
    {
        var trainer = InitTestModels.Build("resmlp:784-32x3-10", name);
        var blocks = trainer.Model.Layers.Modules().OfType<Nn.Residual>().ToList();
        Assert.Equal(3, blocks.Count);
        var x = new Variable(Autograd.GradientCheck.Uniform("x", -2, 2, 8, 32), false);
        foreach (var block in blocks)
        {
            Assert.Equal(0f, block.Alpha!.Value.Span[0]);
            Assert.Contains(block.Branch.Parameters(), p => p.Value.ToArray().Any(v => v != 0));
            Assert.Equal(x.Value.ToArray(), block.Forward(new Tape(1), x).Value.ToArray());
        }
    }

    [Theory]
    [InlineData(InitLab.Models.Normalization.Batch)]
    [InlineData(InitLab.Models.Normalization.Layer)]
    public void ZeroInitResidual_LastNormGammaIsZero_SoEveryBlockIsTheIdentity(InitLab.Models.Normalization norm)
    {
        var trainer = InitTestModels.Build("resmlp:784-32x3-10", "zero-init-residual", norm: norm);
        Assert.Equal(3, Assert.Single(trainer.ModelInitialization).Steps.Count);
        var x = new Variable(Autograd.GradientCheck.Uniform("x", -2, 2, 8, 32), false);
        foreach (var block in trainer.Model.Layers.Modules().OfType<Nn.Residual>())
            Assert.Equal(x.Value.ToArray(), block.Forward(new Tape(1, training: false), x).Value.ToArray());
        Assert.Contains("--norm batch", Assert.Throws<ArgumentException>(() => InitTestModels.Build("resmlp:784-32x2-10", "zero-init-residual")).Message);
    }

    [Fact]
    public void Gpt2Scaled_TwelveBlocks_GiveProjectionStd00040825()
    {
        Assert.Equal(0.0040825, Gpt2Scaled.ProjectionStd(12), 7);
        var trainer = InitTestModels.Build("resmlp:784-64x12-10", "gpt2-scaled");
        var branches = ModelLayers.Branches(trainer.Model.Layers);
        var projections = branches.SelectMany(b => ModelLayers.WeightOf(b.Layers[^1]).Value.ToArray()).Select(v => (double)v).ToArray();
        var others = branches.SelectMany(b => ModelLayers.WeightOf(b.Layers[0]).Value.ToArray()).Select(v => (double)v).ToArray();
        static double Std(double[] v) => Math.Sqrt(v.Average(x => x * x));
        Assert.Equal(0.0040825, Std(projections), 0.0040825 * 0.03);   // 49 152 draws: sampling error ≈ 0.3 %
        Assert.Equal(0.02, Std(others), 0.02 * 0.03);
        Assert.All(Assert.Single(trainer.ModelInitialization).Steps, s => Assert.Equal(1 / Math.Sqrt(24), s.Factor!.Value, 12));
    }

    [Fact]
    public void Zero_IsTheSameForEverySeed_AndZeroesEachBranchEnd()
    {
        var a = InitTestModels.Build("resmlp:784-64x2-10", "zero", seed: 1);
        var b = InitTestModels.Build("resmlp:784-64x2-10", "zero", seed: 99);
        Assert.Equal(a.Model.Parameters.SelectMany(p => p.Value.ToArray()), b.Model.Parameters.SelectMany(p => p.Value.ToArray()));
        foreach (var branch in ModelLayers.Branches(a.Model.Layers))
            Assert.All(ModelLayers.WeightOf(branch.Layers[^1]).Value.ToArray(), w => Assert.Equal(0f, w));
        Assert.Equal(1f, Values(a, "layers.0.weight")[0]);   // 64 × 784: the partial identity
    }
}
