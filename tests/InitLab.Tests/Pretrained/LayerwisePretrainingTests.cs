using System.Runtime.InteropServices;
using InitLab.Data;
using InitLab.IO;
using InitLab.Pretrained;
using InitLab.Training;
using Xunit;

namespace InitLab.Tests.Pretrained;

/// <summary>Greedy layer-wise pretraining: the losses fall, the output loads with <c>--init-from</c>, the bits do not depend on threads or on a restart.</summary>
public sealed class LayerwisePretrainingTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("pretrain-").FullName;

    static readonly DataSplits Embedded = DataSource.Load(DataSource.Embedded);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static PretrainConfig Small(PretrainMethod method = PretrainMethod.Autoencoder, bool tied = false) => new()
    {
        Data = DataSource.Embedded, PerClass = 30, Model = "mlp:784-24-12-10", Activation = "sigmoid", Method = method, Tied = tied,
        EpochsPerLayer = 3, Batch = 20, LearningRate = 0.05, Momentum = 0.9, Seed = 4,
    };

    string Out(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData(PretrainMethod.Autoencoder, false)]
    [InlineData(PretrainMethod.Autoencoder, true)]
    [InlineData(PretrainMethod.Denoising, true)]
    public void ReconstructionLoss_FallsInEveryLayer(PretrainMethod method, bool tied)
    {
        var result = LayerwisePretraining.Run(Small(method, tied), Embedded, Out("run"), threads: 1);
        Assert.Equal(6, result.Losses.Count);
        foreach (var layer in result.Losses.GroupBy(l => l.Layer))
            Assert.True(layer.Last().Loss < 0.9 * layer.First().Loss, $"layer {layer.Key}: {string.Join(", ", layer.Select(l => l.Loss))}");
        Assert.Equal(["layers.0", "layers.0", "layers.0", "layers.2", "layers.2", "layers.2"], result.Losses.Select(l => l.Name));
        Assert.Equal(["losses.csv", "model.safetensors", "pretrain.json"], Directory.GetFiles(Out("run")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Output_LoadsWithInitFrom_AsTheHiddenWeights_AndLeavesTheClassifierToItsScheme()
    {
        var result = LayerwisePretraining.Run(Small(), Embedded, Out("pre"), threads: 1);
        var file = SafeTensors.Read(result.ModelFile).Tensors.ToDictionary(t => t.Name);
        Assert.Equal(["layers.0.bias", "layers.0.weight", "layers.2.bias", "layers.2.weight"], file.Keys.Order());
        var config = new TrainingConfig
        {
            Data = DataSource.Embedded, Model = "mlp:784-24-12-10", Activation = "sigmoid", Epochs = 1, Seed = 9,
            InitFrom = new PretrainedInit { From = Out("pre") },
        };
        var trainer = new Trainer(config, Embedded, threads: 1);
        var scratch = new Trainer(config with { InitFrom = null }, Embedded, threads: 1);
        foreach (var (p, q) in trainer.Model.Parameters.Zip(scratch.Model.Parameters))
        {
            if (file.TryGetValue(p.Name, out var t))
                Assert.Equal(MemoryMarshal.Cast<byte, float>(t.Data).ToArray(), p.Value.Span.ToArray());
            else
                Assert.Equal(q.Value.Span.ToArray(), p.Value.Span.ToArray());
        }
        Assert.Equal(4, trainer.LoadReport!.Entries.Count(e => e.Source is not null));
        // The pretrained layers differ from their initial scheme values.
        Assert.NotEqual(scratch.Model.Parameters[0].Value.Span.ToArray(), trainer.Model.Parameters[0].Value.Span.ToArray());
    }

    [Fact]
    public void Output_IsTheSameBits_ForAnyThreadCount()
    {
        var config = Small(PretrainMethod.Denoising, tied: true);
        var one = LayerwisePretraining.Run(config, Embedded, Out("t1"), threads: 1);
        var two = LayerwisePretraining.Run(config, Embedded, Out("t2"), threads: 2);
        Assert.Equal(File.ReadAllBytes(one.ModelFile), File.ReadAllBytes(two.ModelFile));
        Assert.Equal(File.ReadAllText(Path.Combine(Out("t1"), LayerwisePretraining.LossFile)), File.ReadAllText(Path.Combine(Out("t2"), LayerwisePretraining.LossFile)));
    }

    [Fact]
    public void Interrupted_LeavesNoModelFile_AndARestartEndsWithTheSameBits()
    {
        var config = Small(PretrainMethod.Denoising);
        var whole = LayerwisePretraining.Run(config, Embedded, Out("whole"), threads: 1);

        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => LayerwisePretraining.Run(config, Embedded, Out("cut"), threads: 1,
            epochDone: loss => { if (loss is { Layer: 1, Epoch: 3 }) cancel.Cancel(); }, cancel: cancel.Token));
        Assert.False(File.Exists(Path.Combine(Out("cut"), WeightFile.SingleFile)));
        Assert.True(File.Exists(Path.Combine(Out("cut"), LayerwisePretraining.ProgressFile)));
        Assert.Contains("no weights", Assert.Throws<InvalidDataException>(() => WeightFile.Read(Out("cut"))).Message);

        var resumed = LayerwisePretraining.Run(config, Embedded, Out("cut"), threads: 1);
        Assert.Equal(1, resumed.ResumedLayers);
        Assert.Equal(File.ReadAllBytes(whole.ModelFile), File.ReadAllBytes(resumed.ModelFile));
        Assert.Equal(whole.Losses, resumed.Losses);
        Assert.False(File.Exists(Path.Combine(Out("cut"), LayerwisePretraining.ProgressFile)));
        // A finished directory is not trained again.
        Assert.Equal(2, LayerwisePretraining.Run(config, Embedded, Out("cut"), threads: 1).ResumedLayers);
    }

    [Fact]
    public void Directory_OfAnotherConfig_IsRefused()
    {
        LayerwisePretraining.Run(Small(), Embedded, Out("a"), threads: 1);
        var e = Assert.Throws<ArgumentException>(() => LayerwisePretraining.Run(Small() with { Seed = 5 }, Embedded, Out("a"), threads: 1));
        Assert.Contains("holds a pretraining of another config", e.Message);
    }

    [Theory]
    [InlineData("cnn:c8-p-10", null, null, "pretrain trains the hidden layers of a plain MLP")]
    [InlineData("resmlp:784-16x2-10", null, null, "pretrain trains the hidden layers of a plain MLP")]
    [InlineData("mlp:784-10", null, null, "has no hidden layer")]
    [InlineData("mlp:784-16-10", 0.3, PretrainMethod.Autoencoder, "--noise = 0.3 applies to --method denoising")]
    [InlineData("mlp:784-16-10", 1.5, PretrainMethod.Denoising, "--noise = 1.5 is not allowed")]
    public void BadConfigs_AreRefused_NamingTheOption(string model, double? noise, PretrainMethod? method, string fragment)
    {
        var config = Small() with { Model = model, Noise = noise, Method = method ?? PretrainMethod.Autoencoder };
        Assert.Contains(fragment, Assert.Throws<ArgumentException>(() => config.Validate()).Message);
    }

    [Fact]
    public void OtherBadFields_AreRefused()
    {
        Assert.Contains("--epochs-per-layer = 0", Assert.Throws<ArgumentException>(() => (Small() with { EpochsPerLayer = 0 }).Validate()).Message);
        Assert.Contains("--opt = adamw", Assert.Throws<ArgumentException>(() => (Small() with { Optimizer = OptimizerKind.AdamW, Momentum = 0 }).Validate()).Message);
        Assert.Contains("model-level initializer", Assert.Throws<ArgumentException>(() => (Small() with { Init = "lsuv" }).Validate()).Message);
        Assert.Contains("--lr = ", Assert.Throws<ArgumentException>(() => (Small() with { LearningRate = -1 }).Validate()).Message);
    }

    [Fact]
    public void Config_RoundTripsThroughJson()
    {
        var config = Small(PretrainMethod.Denoising, tied: true) with { Noise = 0.4, Classes = [0, 1, 2] };
        var back = PretrainConfig.FromJson(config.ToJson(), "test");
        Assert.Equal(config.ToJson(), back.ToJson());
        Assert.Contains("\"method\": \"denoising\"", config.ToJson());
        Assert.Contains("\"epochs_per_layer\": 3", config.ToJson());
    }
}
