using System.Diagnostics;
using InitLab.IO;
using InitLab.Lab;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

/// <summary>A comparison killed with SIGKILL in the middle of a run, then resumed, ends with the bits of one that was never killed.</summary>
public class CompareKillTests
{
    static readonly string[] Grid =
        ["compare", "--data", "embedded", "--model", "mlp:784-128-10", "--init", "he-normal,orthogonal", "--seeds", "2", "--epochs", "3", "--batch", "128",
         "--lr", "0.05", "--threads", "1"];

    [Fact]
    public void SigkillDuringARun_ThenResume_GivesTheUninterruptedBits_AndKeepsFinishedRuns()
    {
        using var dir = new TempDirectory();
        string killed = dir.File("killed"), reference = dir.File("reference");
        string cli = Path.Combine(AppContext.BaseDirectory, "InitLab.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])[cli, .. Grid, "--out", killed])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        // Kill once the second run has written a checkpoint and before it finishes: in the middle of its next epoch.
        string second = Path.Combine(killed, "runs", "000-mlp-784-128-10_he-normal_relu_none_sgd_0.05", "seed-1");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(second, "epoch-001.safetensors")) && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
            Thread.Sleep(2);
        Assert.False(process.HasExited, "the comparison finished before it could be killed");
        process.Kill();
        process.WaitForExit();
        Assert.False(File.Exists(Path.Combine(second, RunStore.ResultFile)));
        Assert.True(File.Exists(Path.Combine(killed, "runs", "000-mlp-784-128-10_he-normal_relu_none_sgd_0.05", "seed-0", RunStore.ResultFile)));
        // Whatever was being written at the kill is a temporary file: every file under its final name is complete.
        foreach (string checkpoint in Directory.GetFiles(killed, "epoch-*.safetensors", SearchOption.AllDirectories))
            Assert.NotEmpty(SafeTensors.Read(checkpoint).Tensors);

        var resumed = CliRunner.Run([.. Grid, "--out", killed, "--resume", "--json"]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Equal(3, (int)System.Text.Json.Nodes.JsonNode.Parse(resumed.Out)!["executed"]!);
        Assert.Equal(0, CliRunner.Run([.. Grid, "--out", reference, "--json"]).ExitCode);
        var a = Directory.GetFiles(reference, "epoch-*.safetensors", SearchOption.AllDirectories).Order().ToList();
        var b = Directory.GetFiles(killed, "epoch-*.safetensors", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(4, a.Count);
        Assert.Equal(a.Select(f => Path.GetRelativePath(reference, f)), b.Select(f => Path.GetRelativePath(killed, f)));
        for (int i = 0; i < a.Count; i++)
            Assert.Equal(SafeTensors.Read(a[i]).Tensors.Select(t => (t.Name, Convert.ToBase64String(t.Data))), SafeTensors.Read(b[i]).Tensors.Select(t => (t.Name, Convert.ToBase64String(t.Data))));
    }
}
