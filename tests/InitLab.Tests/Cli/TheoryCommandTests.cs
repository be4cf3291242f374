using System.Text.Json.Nodes;
using System.Xml.Linq;
using InitLab.Cli;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class TheoryCommandTests
{
    [Fact]
    public void Json_HasAStableSchema_AndTheKnownTanhValues()
    {
        var (code, stdout, stderr) = CliRunner.Run("theory", "--act", "tanh", "--sigma-w", Math.Sqrt(1.5).ToString("R"), "--sigma-b", Math.Sqrt(0.05).ToString("R"), "--json");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var o = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(["act", "sigma_w", "sigma_b", "q_star", "chi1", "phase", "xi_q", "xi_c", "c_star", "sigma_w_critical"], o.Select(p => p.Key).ToArray());
        Assert.Equal("tanh", (string?)o["act"]);
        Assert.Equal(0.41804, (double)o["q_star"]!, 5);
        Assert.Equal(0.93864, (double)o["chi1"]!, 5);
        Assert.Equal("ordered", (string?)o["phase"]);
        Assert.Equal(-1 / Math.Log((double)o["chi1"]!), (double)o["xi_c"]!, 10);
        Assert.True((double)o["xi_q"]! > 0);
        Assert.Equal(1, (double)o["c_star"]!);
        Assert.InRange((double)o["sigma_w_critical"]!, 1.0, 1.5);
    }

    [Fact]
    public void Json_WritesNullForInfiniteOrUndefinedQuantities()
    {
        var (code, stdout, _) = CliRunner.Run("theory", "--act", "relu", "--sigma-w", "1.6", "--sigma-b", "0.1", "--json");
        Assert.Equal(0, code);
        var o = JsonNode.Parse(stdout)!.AsObject();
        Assert.Null(o["q_star"]);
        Assert.Null(o["xi_q"]);
        Assert.Null(o["xi_c"]);
        Assert.True(o.ContainsKey("xi_c"));
        Assert.Equal("chaotic", (string?)o["phase"]);
        Assert.Equal(1.28, (double)o["chi1"]!, 10);
        Assert.Equal(Math.Sqrt(2), (double)o["sigma_w_critical"]!, 9);
    }

    [Fact]
    public void Text_PrintsEveryQuantity()
    {
        var (code, stdout, _) = CliRunner.Run("theory", "--act", "relu", "--sigma-w", "1.4142135623730951");
        Assert.Equal(0, code);
        foreach (string name in new[] { "q*", "χ₁", "phase", "ξ_q", "ξ_c", "c*", "σ_w critical", "critical", "1.414214" })
            Assert.Contains(name, stdout);
    }

    [Fact]
    public void Sweep_DrawsOrderedCriticalAndChaoticColumns_WhereTheoryPutsThem()
    {
        // ReLU: χ₁ = σ_w²/2 whatever σ_b, so every row has its '*' in the column holding √2.
        var (code, stdout, _) = CliRunner.Run("theory", "--act", "relu", "--sweep", "--sigma-w-max", "2", "--columns", "20", "--rows", "4");
        Assert.Equal(0, code);
        var rows = stdout.Split('\n').Where(l => l.Contains(" |")).Select(l => l[(l.IndexOf('|') + 1)..].TrimEnd()).ToArray();
        Assert.Equal(4, rows.Length);
        int criticalColumn = (int)Math.Floor(Math.Sqrt(2) / 0.1);
        foreach (string row in rows)
            Assert.Equal(new string('.', criticalColumn) + "*" + new string('#', 20 - criticalColumn - 1), row);
    }

    [Fact]
    public void Sweep_Json_HasOneChi1PerCell()
    {
        var (code, stdout, _) = CliRunner.Run("theory", "--act", "tanh", "--sweep", "--columns", "6", "--rows", "3", "--json");
        Assert.Equal(0, code);
        var o = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(["act", "sigma_w", "sigma_b", "chi1", "sigma_w_critical"], o.Select(p => p.Key).ToArray());
        var chi1 = o["chi1"]!.AsArray();
        Assert.Equal(3, chi1.Count);
        Assert.All(chi1, row => Assert.Equal(6, row!.AsArray().Count));
        Assert.Equal(3, o["sigma_w_critical"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("svg")]
    [InlineData("html")]
    public void Sweep_Report_WritesASelfContainedPicture(string extension)
    {
        using var directory = new TempDirectory();
        string path = directory.File($"phase.{extension}");
        var (code, _, stderr) = CliRunner.Run("theory", "--act", "tanh", "--sweep", "--columns", "5", "--rows", "4", "--report", path);
        Assert.Equal(0, code);
        Assert.Contains($"wrote {path}", stderr);
        string text = File.ReadAllText(path);
        int start = text.IndexOf("<svg", StringComparison.Ordinal);
        var svg = XDocument.Parse(text[start..(text.LastIndexOf("</svg>", StringComparison.Ordinal) + 6)]).Root!;
        Assert.Equal(20, svg.Descendants().Count(e => (string?)e.Attribute("class") == "cell"));
        Assert.Single(svg.Descendants(), e => (string?)e.Attribute("class") == "series");
    }

    [Theory]
    [InlineData("--act|swishy|--sigma-w|1", "--act = 'swishy' is not known; use one of: identity")]
    [InlineData("--act|tanh|--sigma-w|-1", "--sigma-w = -1 is not allowed")]
    [InlineData("--act|tanh|--sigma-w|1|--sigma-b|NaN", "--sigma-b = n/a is not allowed")]
    [InlineData("--act|tanh", "theory needs --sigma-w")]
    [InlineData("--act|tanh|--sigma-w|1|--report|x.svg", "--report = 'x.svg' needs --sweep")]
    [InlineData("--act|tanh|--sweep|--report|x.png", "--report = 'x.png' must end in .svg or .html")]
    [InlineData("--act|tanh|--sweep|--columns|1", "--columns = 1 is not allowed; it must be in 2 … 400")]
    [InlineData("--act|tanh|--sweep|--sigma-w-max|0", "--sigma-w-max = 0 is not allowed")]
    [InlineData("--act|tanh|--sigma-w|1|--q0|0", "--q0 = 0 is not allowed")]
    [InlineData("--sigma-w|1", "--act")]
    public void BadInput_ExitsWithCode2_AndOneLineNamingTheOption(string args, string message)
    {
        var (code, stdout, stderr) = CliRunner.Run(["theory", .. args.Split('|')]);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("initlab: error: ", stderr);
        Assert.Contains(message, stderr);
    }
}
