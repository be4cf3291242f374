using System.Text.Json;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class BenchFillCommandTests
{
    [Theory]
    [InlineData("uniform")]
    [InlineData("normal")]
    [InlineData("truncated-normal")]
    public void Json_HasTheDocumentedKeys_AndConsistentValues(string dist)
    {
        var result = CliRunner.Run("bench", "fill", "--dist", dist, "--count", "100000", "--threads", "2", "--repeats", "1", "--json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(["dist", "count", "threads", "melem_per_sec", "gb_per_sec", "ceiling_gb_per_sec"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(dist, root.GetProperty("dist").GetString());
        Assert.Equal(100000, root.GetProperty("count").GetInt64());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        // GB/s is M elem/s × 4 bytes / 1000 by definition.
        Assert.Equal(root.GetProperty("melem_per_sec").GetDouble() * 4 / 1000, root.GetProperty("gb_per_sec").GetDouble(), 9);
        Assert.True(root.GetProperty("ceiling_gb_per_sec").GetDouble() > 0);
    }
}
