using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class BenchComputeCommandsTests
{
    [Fact]
    public void Gemm_Json_GoesToTheInvocationsStdout_WithShapeThreadsAndPositiveRates()
    {
        var result = CliRunner.Run("bench", "gemm", "--m", "16", "--n", "24", "--k", "8", "--threads", "1", "--seconds", "0.01", "--json");
        Assert.Equal(0, result.ExitCode);
        var o = JsonNode.Parse(result.Out)!.AsObject();
        Assert.Equal(["m", "n", "k", "threads", "gflops", "peak_gflops"], o.Select(p => p.Key).ToArray());
        Assert.Equal(16, (int)o["m"]!);
        Assert.Equal(24, (int)o["n"]!);
        Assert.Equal(8, (int)o["k"]!);
        Assert.Equal(1, (int)o["threads"]!);
        Assert.True((double)o["gflops"]! > 0);
        Assert.True((double)o["peak_gflops"]! > 0);
    }

    [Theory]
    [InlineData("gemm|--m|0", "--m = 0 is not allowed; it must be ≥ 1")]
    [InlineData("gemm|--seconds|0", "--seconds = 0 is not allowed; it must be > 0")]
    [InlineData("conv|--repeats|0", "--repeats = 0 is not allowed; it must be ≥ 1")]
    [InlineData("conv|--threads|-1", "--threads = -1 is not allowed; it must be ≥ 0")]
    public void BadInput_IsOneLine_WithExitCode2(string args, string fragment) =>
        CliRunner.AssertUsageError(CliRunner.Run(["bench", .. args.Split('|')]), fragment);
}
