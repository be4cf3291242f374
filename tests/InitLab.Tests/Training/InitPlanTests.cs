using InitLab.Activations;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class InitPlanTests
{
    static Model Build(string spec, Normalization norm = Normalization.None) =>
        ModelBuilder.Build(ModelSpec.Parse(spec), new ModelOptions(Activation.Relu, norm), 1, 28, 28);

    static IReadOnlyList<InitRecord> Apply(Model model, string init = "he-normal", string bias = "zeros", params string[] overrides) =>
        InitPlan.Parse(new TrainingConfig { Data = "embedded", Model = model.Spec.ToString(), Init = init, BiasInit = bias, InitOverrides = overrides })
            .Apply(model.Parameters, seed: 3, threads: 1);

    [Fact]
    public void HeNormal_TakesItsGain_FromTheFollowingActivation()
    {
        var records = Apply(Build("mlp:784-256-10"));
        var hidden = records.Single(r => r.Parameter == "layers.0.weight");
        var classifier = records.Single(r => r.Parameter == "layers.2.weight");
        Assert.Equal(Math.Sqrt(2.0 / 784), hidden.Std, 12);
        Assert.Equal(Math.Sqrt(2), hidden.Gain!.Value, 12);
        Assert.Equal(1 / Math.Sqrt(256), classifier.Std, 12);
        Assert.Equal(1, classifier.Gain!.Value, 12);
    }

    [Fact]
    public void ConvFans_IncludeTheReceptiveField_AndModeFanOutUsesThem()
    {
        var records = Apply(Build("cnn:c32-p-c64-p-f128-10"), "he-normal:mode=fan-out");
        var conv2 = records.Single(r => r.Parameter == "layers.3.weight");
        Assert.Equal((32L * 9, 64L * 9), (conv2.FanIn!.Value, conv2.FanOut!.Value));
        Assert.Equal(Math.Sqrt(2.0 / (64 * 9)), conv2.Std, 12);
    }

    [Fact]
    public void Overrides_MatchByGlob_TheLastMatchWins_AndBiasesUseTheirWeightsFans()
    {
        var records = Apply(Build("mlp:784-64-32-10"), "he-normal", "zeros", "*.weight=orthogonal", "layers.0.weight=glorot-uniform", "layers.?.bias=pytorch-default");
        Assert.Equal("glorot-uniform", records.Single(r => r.Parameter == "layers.0.weight").Scheme.Name);
        Assert.Equal("orthogonal", records.Single(r => r.Parameter == "layers.4.weight").Scheme.Name);
        var bias = records.Single(r => r.Parameter == "layers.0.bias");
        Assert.Equal("pytorch-default", bias.Scheme.Name);
        Assert.Equal(1 / Math.Sqrt(784) / Math.Sqrt(3), bias.Std, 12);
        // The batch norm's γ (layers.1.weight) matched *.weight too: orthogonal cannot initialize a vector.
        Assert.Throws<ArgumentException>(() => Apply(Build("mlp:784-64-10", Normalization.Batch), "he-normal", "zeros", "*.weight=orthogonal"));
        var model = Build("mlp:784-64-32-10", Normalization.Batch);
        var gamma = Apply(model).Single(r => r.Parameter == "layers.1.weight");
        Assert.Equal("ones", gamma.Scheme.Name);
        Assert.All(model.Parameters.Single(p => p.Name == "layers.1.weight").Value.ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void AnOverrideThatMatchesNothing_IsAnError_ListingTheParameters()
    {
        var e = Assert.Throws<ArgumentException>(() => Apply(Build("mlp:784-10"), "he-normal", "zeros", "layer.0.weight=zeros"));
        Assert.Contains("matches no parameter", e.Message);
        Assert.Contains("layers.0.weight", e.Message);
    }

    [Fact]
    public void Values_DependOnlyOnSeedAndName()
    {
        var a = Build("mlp:784-64-10");
        var b = Build("mlp:784-64-32-10");
        Apply(a);
        Apply(b);
        Assert.Equal(a.Parameters[0].Value.ToArray(), b.Parameters[0].Value.ToArray());
    }

    [Theory]
    [InlineData("layers.*.weight", "layers.12.weight", true)]
    [InlineData("*.bias", "layers.0.bias", true)]
    [InlineData("*.bias", "layers.0.bias.x", false)]
    [InlineData("layers.?.weight", "layers.12.weight", false)]
    [InlineData("layers.1?.weight", "layers.12.weight", true)]
    [InlineData("*", "anything", true)]
    public void Glob_MatchesWholeNames(string pattern, string name, bool expected) => Assert.Equal(expected, InitPlan.Matches(pattern, name));

    [Fact]
    public void SchemeText_ParsesArguments_AndRejectsUnknownKeys()
    {
        var text = SchemeText.Parse("he_normal:mode=fan_out,nonlinearity=tanh", "--init");
        Assert.Equal(InitLab.Init.FanMode.FanOut, text.Arguments.Mode);
        Assert.Equal(InitLab.Init.Nonlinearity.Tanh, text.Arguments.Nonlinearity);
        Assert.Contains("'modus' is not a scheme parameter", Assert.Throws<ArgumentException>(() => SchemeText.Parse("he-normal:modus=fan-in", "--init")).Message);
        Assert.Contains("not a number", Assert.Throws<ArgumentException>(() => SchemeText.Parse("orthogonal:gain=big", "--init")).Message);
        Assert.Throws<ArgumentException>(() => SchemeText.Parse("he-norma", "--init"));
        Assert.Contains("no gain", Assert.Throws<ArgumentException>(() => text with { Arguments = new() } is var t ? t.Create(Activation.Softplus, "layers.0.weight") : null).Message);
    }
}
