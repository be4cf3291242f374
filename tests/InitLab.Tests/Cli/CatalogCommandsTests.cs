using System.Text.Json.Nodes;
using InitLab.Init;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class CatalogCommandsTests
{
    [Fact]
    public void List_Json_HasEverySchemeWithAliasesFormulaParametersAndReference()
    {
        var (code, output, _) = CliRunner.Run("list", "--json");
        Assert.Equal(0, code);
        var entries = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(SchemeRegistry.All.Select(e => e.Name), entries.Select(e => e!["name"]!.GetValue<string>()));
        var he = entries.Single(e => e!["name"]!.GetValue<string>() == "he-normal")!;
        Assert.Equal("[\"kaiming-normal\",\"msra\"]", he["aliases"]!.ToJsonString());
        Assert.Contains("gain/√n", he["formula"]!.GetValue<string>());
        Assert.Contains("1502.01852", he["reference"]!.GetValue<string>());
    }

    [Fact]
    public void List_Table_ShowsEveryScheme()
    {
        var (code, output, _) = CliRunner.Run("list");
        Assert.Equal(0, code);
        Assert.All(SchemeRegistry.All, e => Assert.Contains(e.Name, output));
        Assert.Contains("xavier-uniform", output);
    }

    [Theory]
    [InlineData("tanh", null, 5.0 / 3)]
    [InlineData("relu", null, 1.4142135623730951)]
    [InlineData("leaky_relu", "0.2", 1.3867504905630728)]
    [InlineData("selu", null, 0.75)]
    public void Gain_PrintsTheTableValue(string nonlinearity, string? slope, double expected)
    {
        string[] args = slope is null ? ["gain", nonlinearity, "--json"] : ["gain", nonlinearity, "--negative-slope", slope, "--json"];
        var (code, output, _) = CliRunner.Run(args);
        Assert.Equal(0, code);
        Assert.Equal(expected, JsonNode.Parse(output)!["gain"]!.GetValue<double>(), 15);
    }

    [Fact]
    public void Fans_ShowsCorrectedAndPyTorchValues_ForGroupedConv()
    {
        var (code, output, _) = CliRunner.Run("fans", "--shape", "64,8,3,3", "--groups", "4", "--json");
        Assert.Equal(0, code);
        var o = JsonNode.Parse(output)!;
        Assert.Equal(72, o["fan_in"]!.GetValue<long>());
        Assert.Equal(144, o["fan_out"]!.GetValue<long>());
        Assert.Equal(576, o["fan_out_uncorrected"]!.GetValue<long>());
        Assert.Equal(9, o["receptive_field"]!.GetValue<long>());
        var keras = JsonNode.Parse(CliRunner.Run("fans", "--shape", "3,3,16,32", "--layout", "in-out", "--json").Out)!;
        Assert.Equal(144, keras["fan_in"]!.GetValue<long>());
    }

    [Fact]
    public void Init_Json_ReportsFansGainStdBoundAndSampleStats()
    {
        var (code, output, error) = CliRunner.Run("init", "xavier-uniform", "--shape", "256,784", "--gain", "2", "--stats", "--json", "--seed", "3");
        Assert.True(code == 0, error);
        var o = JsonNode.Parse(output)!;
        Assert.Equal("glorot-uniform", o["scheme"]!.GetValue<string>());
        Assert.Equal(784, o["fan_in"]!.GetValue<long>());
        Assert.Equal(256, o["fan_out"]!.GetValue<long>());
        Assert.Equal(2, o["gain"]!.GetValue<double>());
        Assert.Equal(2 * Math.Sqrt(6.0 / 1040), o["bound"]!.GetValue<double>(), 15);
        Assert.Equal(2 * Math.Sqrt(2.0 / 1040), o["std"]!.GetValue<double>(), 15);
        Assert.InRange(o["sample_std"]!.GetValue<double>(), 0.98 * 2 * Math.Sqrt(2.0 / 1040), 1.02 * 2 * Math.Sqrt(2.0 / 1040));
        Assert.True(o["max"]!.GetValue<double>() < o["bound"]!.GetValue<double>());
        Assert.True(o["elapsed_ms"]!.GetValue<double>() >= 0);
        Assert.NotNull(o["sample_mean"]);
        Assert.NotNull(o["min"]);
    }

    [Fact]
    public void Init_KerasFlavor_UsesInOutLayout_AndTruncates()
    {
        var (code, output, error) = CliRunner.Run("init", "he-normal", "--shape", "3,3,32,64", "--flavor", "keras", "--stats", "--json");
        Assert.True(code == 0, error);
        var o = JsonNode.Parse(output)!;
        Assert.Equal(288, o["fan_in"]!.GetValue<long>());
        Assert.True(o["parameters"]!["truncated"]!.GetValue<bool>());
        Assert.Equal(2 * Math.Sqrt(2.0 / 288) / 0.87962566103423978, o["bound"]!.GetValue<double>(), 12);
    }

    [Fact]
    public void Init_StatsTable_ShowsSampleAndTheory()
    {
        var (code, output, _) = CliRunner.Run("init", "orthogonal", "--shape", "64,32", "--stats");
        Assert.Equal(0, code);
        Assert.Contains("orthogonal float32 [64, 32]", output);
        Assert.Contains("0.125", output);
    }

    [Fact]
    public void Init_StillAcceptsTheFoundationsFlags()
    {
        var (code, output, _) = CliRunner.Run("init", "truncated-normal", "--shape", "1000", "--low", "3", "--high", "6", "--stats", "--json", "--dtype", "float64", "--threads", "1");
        Assert.Equal(0, code);
        var o = JsonNode.Parse(output)!;
        Assert.InRange(o["min"]!.GetValue<double>(), 3, 6);
        Assert.Equal(6, o["bound"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("unknown scheme", "'glorot' is not known; did you mean glorot-normal, glorot-uniform", "init", "glorot", "--shape", "3,3", "--stats")]
    [InlineData("zero dimension", "dimension 1 ('0')", "init", "glorot-uniform", "--shape", "3,0", "--stats")]
    [InlineData("negative dimension", "dimension 0 ('-4')", "init", "normal", "--shape=-4,3", "--stats")]
    [InlineData("rank < 2 for fans", "rank 1; fans need rank ≥ 2", "init", "he-normal", "--shape", "10", "--stats")]
    [InlineData("identity not 2-D", "identity needs rank 2", "init", "identity", "--shape", "2,2,2", "--stats")]
    [InlineData("dirac rank < 3", "dirac needs rank 3–5", "init", "dirac", "--shape", "4,4", "--stats")]
    [InlineData("invalid mode", "--mode = 'fan-sum' is not known", "init", "variance-scaling", "--shape", "4,4", "--mode", "fan-sum", "--stats")]
    [InlineData("sparsity ≥ 1", "sparsity = 1 is not allowed; it must be in [0, 1)", "init", "sparse", "--shape", "4,4", "--sparsity", "1", "--stats")]
    [InlineData("sparsity < 0", "sparsity = -0.5 is not allowed", "init", "sparse", "--shape", "4,4", "--sparsity=-0.5", "--stats")]
    [InlineData("missing directory", "does not exist", "init", "zeros", "--shape", "4,4", "--out", "/nonexistent-initlab-dir/w.npy")]
    [InlineData("parameter that does not apply", "sparsity does not apply to glorot-uniform", "init", "glorot-uniform", "--shape", "4,4", "--sparsity", "0.5", "--stats")]
    [InlineData("unknown flavor", "--flavor = 'tf' is not known", "init", "zeros", "--shape", "4,4", "--flavor", "tf", "--stats")]
    [InlineData("unknown nonlinearity", "'relu6' is not known", "gain", "relu6")]
    [InlineData("bad output extension", "must end in .npy or .safetensors", "init", "zeros", "--shape", "4", "--out", "w.txt")]
    public void BadArguments_ExitWithCode2_AndOneStderrLine(string what, string message, params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.True(result.Out == "", $"{what}: wrote to stdout: {result.Out}");
        CliRunner.AssertUsageError(result, message);
    }

    [Fact]
    public void BenchOrthogonal_Json_PrintsNAndMilliseconds()
    {
        var (code, output, _) = CliRunner.Run("bench", "orthogonal", "--size", "48", "--repeats", "1", "--json");
        Assert.Equal(0, code);
        var o = JsonNode.Parse(output)!;
        Assert.Equal(48, o["n"]!.GetValue<int>());
        Assert.True(o["ms"]!.GetValue<double>() > 0);
    }
}
