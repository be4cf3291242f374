using InitLab.Data;
using InitLab.Models;
using InitLab.Numerics;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class MixedPrecisionTrainingTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    static TrainingConfig Config(string model, Precision precision) => new()
    {
        Data = DataSource.Embedded,
        Model = model,
        Epochs = 2,
        Batch = 50,
        Precision = precision,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = 11,
    };

    static float[] Flat(Trainer t) => [.. t.Model.Parameters.SelectMany(p => p.Value.ToArray())];

    [Fact]
    public void Bf16Step_IsCloseToTheFp32Step_ButNotEqual()
    {
        var config = Config("mlp:784-64-10", Precision.Fp32) with { Epochs = 1, Steps = 1 };
        var fp32 = new Trainer(config, Embedded.Value, threads: 1);
        var bf16 = new Trainer(config with { Precision = Precision.Bf16 }, Embedded.Value, threads: 1);
        var before = Flat(fp32);
        Assert.Equal(before, Flat(bf16)); // the same float32 master weights at the start
        fp32.RunEpoch();
        bf16.RunEpoch();
        float a = fp32.StepLosses[0], b = bf16.StepLosses[0];
        Assert.NotEqual(a, b);
        Assert.True(Math.Abs(a - b) <= 1e-2 * Math.Abs(a), $"first-step loss fp32 {a}, bf16 {b}");
        // The updates (new − old weights) differ by the bfloat16 rounding of the products, a few per cent at most.
        var (u, v) = (Flat(fp32), Flat(bf16));
        double difference = 0, size = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double du = u[i] - before[i], dv = v[i] - before[i];
            (difference, size) = (difference + (du - dv) * (du - dv), size + du * du);
        }
        double relative = Math.Sqrt(difference / size);
        Assert.InRange(relative, 1e-5, 5e-2);
    }

    [Theory]
    [InlineData("mlp:784-64-10", Normalization.None)]
    [InlineData("cnn:c4-p-f16-10", Normalization.Batch)]
    public void Bf16Training_IsBitIdenticalAcrossThreadsAndResume(string model, Normalization norm)
    {
        var config = Config(model, Precision.Bf16) with { Norm = norm };
        Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(config, config with { Precision = Precision.Fp32 }, Embedded.Value);
    }

    [Fact]
    public void Bf16Training_LearnsAsWellAsFp32_OnTheEmbeddedSet()
    {
        var fp32 = new Trainer(Config("mlp:784-64-10", Precision.Fp32), Embedded.Value, threads: 1);
        var bf16 = new Trainer(Config("mlp:784-64-10", Precision.Bf16), Embedded.Value, threads: 1);
        foreach (var t in new[] { fp32, bf16 })
            while (!t.Finished)
                t.RunEpoch();
        double a = fp32.History[^1].TestAccuracy, b = bf16.History[^1].TestAccuracy;
        Assert.True(b >= 0.7 && Math.Abs(a - b) <= 0.03, $"test accuracy fp32 {a}, bf16 {b}");
    }

    [Fact]
    public void Precision_RoundTripsThroughJson_AndOldConfigsReadAsFp32()
    {
        var config = Config("mlp:784-10", Precision.Bf16);
        string json = config.ToJson();
        Assert.Contains("\"precision\": \"bf16\"", json);
        Assert.Equal(Precision.Bf16, TrainingConfig.FromJson(json, "test").Precision);
        Assert.Equal(json, TrainingConfig.FromJson(json, "test").ToJson());
        var old = TrainingConfig.FromJson(json.Replace("\"precision\": \"bf16\",", ""), "old config.json");
        Assert.Equal(Precision.Fp32, old.Precision);
        var e = Assert.Throws<InvalidDataException>(() => TrainingConfig.FromJson(json.Replace("\"bf16\"", "\"fp16\""), "config.json"));
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void Validate_RejectsAnUndefinedPrecision_NamingTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => (Config("mlp:784-10", Precision.Fp32) with { Precision = (Precision)7 }).Validate());
        Assert.Equal("--precision = 7 is not allowed; use fp32 or bf16.", e.Message);
    }
}
