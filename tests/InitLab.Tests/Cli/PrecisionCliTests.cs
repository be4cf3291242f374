using System.Text.Json.Nodes;
using InitLab.Lab;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

/// <summary><c>--precision</c> on train, compare and bench train.</summary>
public class PrecisionCliTests
{
    [Fact]
    public void Train_Bf16_RecordsThePrecision_AndSaysSo()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--precision", "bf16", "--out", dir.Path]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("bf16 products (float32 master weights)", r.Out);
        Assert.Equal("bf16", (string)JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!["precision"]!);
        var plain = CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1"]);
        Assert.DoesNotContain("bf16", plain.Out);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("compare")]
    [InlineData("bench")]
    public void UnknownPrecision_IsOneLine_WithExitCode2(string verb)
    {
        using var dir = new TempDirectory();
        string[] args = verb switch
        {
            "train" => [.. CliRunner.SmallTrain, "--epochs", "1"],
            "compare" => ["compare", "--data", "embedded", "--model", "mlp:784-16-10", "--init", "he-normal", "--steps", "2", "--out", dir.File("store")],
            _ => ["bench", "train", "--seconds", "0.05"],
        };
        CliRunner.AssertUsageError(CliRunner.Run([.. args, "--precision", "fp16"]), "--precision = 'fp16' is not allowed; use fp32 or bf16.");
        Assert.False(Directory.Exists(dir.File("store")));
    }

    [Fact]
    public void Resume_WithADisagreeingPrecision_IsRejected_AndTheAgreeingOneAccepted()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--out", dir.Path]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--precision", "bf16"), "--precision gives precision = bf16, the run has fp32");
        var resumed = CliRunner.Run("train", "--resume", dir.Path, "--precision", "fp32", "--epochs", "2", "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Err);

        using var bf16 = new TempDirectory();
        Assert.Equal(0, CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--precision", "bf16", "--out", bf16.Path]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", bf16.Path, "--precision", "fp32"), "--precision gives precision = fp32, the run has bf16");
        // Without --precision the resumed run keeps bf16.
        var kept = CliRunner.Run("train", "--resume", bf16.Path, "--epochs", "2");
        Assert.True(kept.ExitCode == 0, kept.Err);
        Assert.Contains("bf16 products", kept.Out);
    }

    [Fact]
    public void Compare_Bf16_TrainsEveryRunInBf16_AndResumeWithAnotherPrecisionIsRejected()
    {
        using var dir = new TempDirectory();
        string store = dir.File("store");
        string[] grid = ["compare", "--data", "embedded", "--model", "mlp:784-16-10", "--init", "he-normal", "--seeds", "2", "--steps", "4", "--batch", "256",
            "--threads", "1", "--out", store];
        var r = CliRunner.Run([.. grid, "--precision", "bf16"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var configs = Directory.GetFiles(store, "config.json", SearchOption.AllDirectories);
        Assert.Equal(2, configs.Length);
        Assert.All(configs, c => Assert.Equal("bf16", (string)JsonNode.Parse(File.ReadAllText(c))!["precision"]!));
        CliRunner.AssertUsageError(CliRunner.Run([.. grid, "--resume", "--precision", "fp32"]), "--precision is 'bf16' in the stored grid but 'fp32' here");
        Assert.True(File.Exists(Path.Combine(store, RunStore.GridFile)));
    }

    [Fact]
    public void BenchTrain_Bf16_ReportsThePrecision()
    {
        var r = CliRunner.Run("bench", "train", "--model", "mlp:784-16-10", "--batch", "8", "--threads", "1", "--seconds", "0.05", "--precision", "bf16", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        var o = JsonNode.Parse(r.Out)!.AsObject();
        Assert.Equal("bf16", (string)o["precision"]!);
        Assert.True((double)o["samples_per_sec"]! > 0);
    }
}
