using System.Runtime.InteropServices;
using InitLab.Activations;
using InitLab.Autograd;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Pretrained;
using InitLab.Tensors;
using Xunit;

namespace InitLab.Tests.Pretrained;

/// <summary>InitLab's forward pass on torch's trained weights (loaded with --torch-layout) gives torch's logits.</summary>
/// <remarks>Fixtures: <c>/usr/bin/python3 bench/peers/pretrained_torch.py tests/InitLab.Tests/Pretrained/Fixtures</c> (PyTorch 1.13, 20 SGD steps on Fashion-MNIST images, eval-mode logits of 8 images).</remarks>
public sealed class TorchPeerTests
{
    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Pretrained", "Fixtures");

    [Theory]
    [InlineData("mlp", "mlp:784-16-10", "tanh", 1, 1, 784)]
    [InlineData("cnn", "cnn:c4-p-f8-10", "relu", 1, 28, 28)]
    public void TorchStateDict_GivesTorchLogits_Within1e5(string name, string spec, string activation, int channels, int height, int width)
    {
        var model = ModelBuilder.Build(ModelSpec.Parse(spec), new ModelOptions(Activation.Parse(activation, "--act")), channels, height, width);
        var report = new PretrainedInit { From = Path.Combine(Fixtures, name + ".safetensors"), TorchLayout = true }.Apply(model, []);
        Assert.All(report.Entries, e => Assert.Equal("layers." + e.Source, e.Target));
        Assert.Empty(report.Unused);
        var io = SafeTensors.Read(Path.Combine(Fixtures, "io.safetensors")).Tensors.ToDictionary(t => t.Name);
        var inputs = new Tensor([8, .. model.InputShape]);
        MemoryMarshal.Cast<byte, float>(io["inputs"].Data).CopyTo(inputs.Span);
        var logits = model.Forward(new Tape(1, training: false), new Variable(inputs, requiresGrad: false)).Value.Span.ToArray();
        var expected = MemoryMarshal.Cast<byte, float>(io[name + ".logits"].Data).ToArray();
        Assert.Equal(expected.Length, logits.Length);
        Assert.True(expected.Max(Math.Abs) > 0.1f, "the torch logits are not trivially small");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - logits[i]) <= 1e-5, $"logit {i}: InitLab {logits[i]:R}, torch {expected[i]:R}");
    }

    [Fact]
    public void WithoutTorchLayout_TorchNames_AreAnErrorNamingTheTensorAndTheHint()
    {
        var model = ModelBuilder.Build(ModelSpec.Parse("mlp:784-16-10"), new ModelOptions(Activation.Parse("tanh", "--act")), 1, 1, 784);
        var e = Assert.Throws<ArgumentException>(() => new PretrainedInit { From = Path.Combine(Fixtures, "mlp.safetensors") }.Apply(model, []));
        Assert.Contains("'0.weight'", e.Message);
        Assert.Contains("--torch-layout", e.Message);
    }

    [Fact]
    public void ShapeMismatch_NamesBothShapes_UnlessPartial()
    {
        var model = ModelBuilder.Build(ModelSpec.Parse("mlp:784-16-5"), new ModelOptions(Activation.Parse("tanh", "--act")), 1, 1, 784);
        var strict = new PretrainedInit { From = Path.Combine(Fixtures, "mlp.safetensors"), TorchLayout = true };
        var e = Assert.Throws<ArgumentException>(() => strict.Apply(model, []));
        Assert.Contains("[10, 16]", e.Message);
        Assert.Contains("[5, 16]", e.Message);
        var report = (strict with { Partial = true }).Apply(model, []);
        Assert.Null(report.Entries.Single(x => x.Target == "layers.2.weight").Source);
        Assert.Equal("layers.0.weight", report.Entries.Single(x => x.Target == "layers.0.weight").Target);
        Assert.Contains("2.weight [10, 16]", report.Unused);
    }

    [Fact]
    public void Float64BeyondFloat32_IsAnErrorNamingTensorAndIndex()
    {
        double[] values = [1, 2, 1e39];
        var e = Assert.Throws<InvalidDataException>(() => WeightFile.Convert("w", DType.Float64, [3], MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), "f.safetensors"));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("index 2", e.Message);
    }

    [Fact]
    public void HalfAndBFloat16_WidenExactly()
    {
        Half[] half = [(Half)0.333251953125, (Half)(-2.5)];
        Assert.Equal([0.333251953125f, -2.5f], WeightFile.Convert("h", DType.Float16, [2], MemoryMarshal.AsBytes(half.AsSpan()).ToArray(), "f").Values);
        ushort[] bits = [0x3F80, 0xC040]; // 1.0 and −3.0 in bfloat16
        Assert.Equal([1f, -3f], WeightFile.Convert("b", DType.BFloat16, [2], MemoryMarshal.AsBytes(bits.AsSpan()).ToArray(), "f").Values);
    }
}
