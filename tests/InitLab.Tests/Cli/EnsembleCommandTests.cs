using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class EnsembleCommandTests
{
    static string[] Train(string directory, string seed) =>
        ["train", "--data", "embedded", "--model", "mlp:784-16-10", "--batch", "100", "--lr", "0.05", "--momentum", "0.9", "--threads", "1", "--epochs", "1", "--seed", seed, "--out", directory];

    [Fact]
    public void Ensemble_PrintsATableAndJson_WithEveryMemberAndTheEnsemble()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(Train(a.Path, "1")).ExitCode);
        Assert.Equal(0, CliRunner.Run(Train(b.Path, "2")).ExitCode);
        var table = CliRunner.Run("ensemble", a.Path, b.Path, "--threads", "1");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("ensemble", table.Out);
        Assert.Contains("2 members on 1000 test images: ensemble 0.", table.Out);

        var json = CliRunner.Run("ensemble", a.Path, b.Path, "--threads", "1", "--json");
        var o = JsonNode.Parse(json.Out)!.AsObject();
        var members = o["members"]!.AsArray();
        Assert.Equal(2, members.Count);
        Assert.Equal(2ul, (ulong)members[1]!["seed"]!);
        double acc = (double)o["ensemble"]!["test_accuracy"]!;
        Assert.InRange(acc, 0.6, 1);
        Assert.Equal(members.Average(m => (double)m!["test_accuracy"]!), (double)o["mean_member_accuracy"]!, 1e-12);
        Assert.Contains($"{acc:F4}", table.Out);
    }

    [Fact]
    public void BadRunDirectories_AreOneLine_WithExitCode2()
    {
        using var empty = new TempDirectory();
        CliRunner.AssertUsageError(CliRunner.Run("ensemble", Path.Combine(empty.Path, "missing")), "RUN_DIR '");
        CliRunner.AssertUsageError(CliRunner.Run("ensemble", empty.Path), "no config.json");
        CliRunner.AssertUsageError(CliRunner.Run("ensemble"), "Required argument missing");
    }

    [Fact]
    public void MembersOnDifferentData_AreRejected()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(Train(a.Path, "1")).ExitCode);
        File.WriteAllText(Path.Combine(b.Path, "config.json"), File.ReadAllText(Path.Combine(a.Path, "config.json")).Replace("\"embedded\"", "\"fashion-mnist\""));
        CliRunner.AssertUsageError(CliRunner.Run("ensemble", a.Path, b.Path), "an ensemble's members must share the test set");
    }
}
