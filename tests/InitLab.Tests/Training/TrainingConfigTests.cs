using InitLab.Models;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class TrainingConfigTests
{
    [Fact]
    public void Json_RoundTrips_WithCliSpellings()
    {
        var config = new TrainingConfig
        {
            Data = "embedded", Model = "cnn:c8-p-10", Activation = "leaky_relu:0.2", Init = "he-normal:mode=fan-out", BiasInit = "zeros",
            InitOverrides = ["*.bias=zeros", "layers.0.weight=orthogonal"], Norm = Normalization.Layer, Dropout = 0.25, Epochs = 3, Batch = 32,
            Optimizer = OptimizerKind.AdamW, LearningRate = 3e-4, WeightDecay = 0.01, Seed = 42,
        };
        string json = config.ToJson();
        Assert.Contains("\"optimizer\": \"adamw\"", json);
        Assert.Contains("\"norm\": \"layer\"", json);
        Assert.Contains("\"init_overrides\"", json);
        var back = TrainingConfig.FromJson(json, "test");
        Assert.Equal(json, back.ToJson());
        Assert.Equal(config.InitOverrides, back.InitOverrides);
    }

    [Theory]
    [InlineData("mlp:784-10", "relu", "he-normal", 0.0, 1, 0.01, "")]
    public void Validate_AcceptsAPlainConfig(string model, string act, string init, double dropout, int epochs, double lr, string _)
    {
        new TrainingConfig { Data = "embedded", Model = model, Activation = act, Init = init, Dropout = dropout, Epochs = epochs, LearningRate = lr }.Validate();
    }

    [Fact]
    public void Validate_NamesTheOffendingOption()
    {
        var ok = new TrainingConfig { Data = "embedded", Model = "mlp:784-10" };
        Assert.Contains("--epochs", Assert.Throws<ArgumentException>(() => (ok with { Epochs = 0 }).Validate()).Message);
        Assert.Contains("--lr", Assert.Throws<ArgumentException>(() => (ok with { LearningRate = -1 }).Validate()).Message);
        Assert.Contains("--dropout", Assert.Throws<ArgumentException>(() => (ok with { Dropout = 1 }).Validate()).Message);
        Assert.Contains("--momentum", Assert.Throws<ArgumentException>(() => (ok with { Optimizer = OptimizerKind.Adam, Momentum = 0.9 }).Validate()).Message);
        Assert.Contains("--act", Assert.Throws<ArgumentException>(() => (ok with { Activation = "relu6" }).Validate()).Message);
        Assert.Contains("position 9", Assert.Throws<InitLab.Models.Spec.ModelSpecSyntaxException>(() => (ok with { Model = "cnn:c32-q-10" }).Validate()).Message);
        Assert.Contains("--init-override", Assert.Throws<ArgumentException>(() => (ok with { InitOverrides = ["*.bias"] }).Validate()).Message);
    }

    [Fact]
    public void CosineSchedule_StartsAtEta_HalvesAtMidRun_AndStaysPositive()
    {
        var config = new TrainingConfig { Data = "embedded", Model = "mlp:784-10", LearningRate = 0.2, LrSchedule = "cosine" };
        Assert.Equal(0.2, config.ParseSchedule().LearningRateAt(config.LearningRate, 0, 100, 10), 15);
        Assert.Equal(0.1, config.ParseSchedule().LearningRateAt(config.LearningRate, 50, 100, 10), 15);
        Assert.InRange(config.ParseSchedule().LearningRateAt(config.LearningRate, 99, 100, 10), 1e-6, 1e-4);
        Assert.Equal(0.2, (config with { LrSchedule = "constant" }).ParseSchedule().LearningRateAt(config.LearningRate, 99, 100, 10));
        Assert.Contains("\"lr_schedule\": \"cosine\"", config.ToJson());
    }
}
