using System.Diagnostics;
using System.Text.Json.Nodes;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

public class TrainCommandTests
{
    static readonly string[] Small = ["train", "--data", "embedded", "--model", "mlp:784-32-10", "--batch", "100", "--lr", "0.05", "--momentum", "0.9", "--threads", "1"];

    [Fact]
    public void Json_PrintsOneObjectPerEpoch_WithTheDocumentedKeys()
    {
        var result = CliRunner.Run([.. Small, "--epochs", "2", "--json"]);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        for (int i = 0; i < 2; i++)
        {
            var o = JsonNode.Parse(lines[i])!.AsObject();
            foreach (string key in new[] { "epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "samples_per_sec", "seconds" })
                Assert.True(o.ContainsKey(key), $"missing {key}");
            Assert.Equal(i + 1, (int)o["epoch"]!);
            Assert.InRange((double)o["test_accuracy"]!, 0.6, 1);
        }
    }

    [Fact]
    public void Table_HasAHeaderAndARowPerEpoch()
    {
        var result = CliRunner.Run([.. Small, "--epochs", "1"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("epoch  train_loss  train_acc  test_loss  test_acc  samples/s  seconds", result.Out);
        Assert.Matches(@"\n\s+1\s+\d\.\d{4}\s+0\.\d{4}", result.Out);
    }

    [Fact]
    public void PrintInit_ListsEveryParameter_WithSchemeFansAndStd()
    {
        var result = CliRunner.Run("train", "--data", "embedded", "--model", "mlp:784-32-10", "--print-init", "--init-override", "layers.2.weight=glorot-uniform");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("layers.0.weight", result.Out);
        Assert.Contains("he-normal (nonlinearity=relu", result.Out);
        Assert.Contains("0.0505076272", result.Out); // √(2/784)
        Assert.Contains("glorot-uniform", result.Out);
        Assert.DoesNotContain("epoch", result.Out);
    }

    [Fact]
    public void Out_WritesConfigMetricsAndACheckpointPerEpoch()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run([.. Small, "--epochs", "2", "--out", dir.Path]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("mlp:784-32-10", TrainingConfig.FromJson(File.ReadAllText(dir.File("config.json")), "config.json").Model);
        var rows = File.ReadAllLines(dir.File("metrics.csv"));
        Assert.Equal(EpochMetrics.CsvHeader, rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.True(File.Exists(dir.File("epoch-001.safetensors")) && File.Exists(dir.File("epoch-002.safetensors")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Theory]
    [InlineData("spec syntax", "position 9", "--model", "cnn:c32-q-10")]
    [InlineData("unknown scheme", "he-norma", "--init", "he-norma")]
    [InlineData("bad override", "PATTERN=SCHEME", "--init-override", "*.bias")]
    [InlineData("override matches nothing", "matches no parameter", "--init-override", "conv.weight=zeros")]
    [InlineData("bad activation", "--act = 'relu6'", "--act", "relu6")]
    [InlineData("bad learning rate", "--lr = 0", "--lr", "0")]
    [InlineData("bad norm", "'group'", "--norm", "group")]
    [InlineData("unknown data", "data source 'nowhere'", "--data", "nowhere")]
    public void BadInput_IsOneLine_WithExitCode2(string what, string fragment, string option, string value)
    {
        Assert.NotEmpty(what);
        var args = new List<string>(Small) { "--epochs", "1" };
        int at = args.IndexOf(option);
        if (at >= 0)
            args[at + 1] = value;
        else
            args.AddRange([option, value]);
        CliRunner.AssertUsageError(CliRunner.Run([.. args]), fragment);
    }

    [Fact]
    public void TruncatedDatasetFile_IsReported_WithItsName()
    {
        using var dir = new TempDirectory();
        var splits = InitLab.Data.DataSource.Load("embedded");
        foreach (var (name, data, shape) in new[]
        {
            ("train-images-idx3-ubyte", splits.Train.Pixels.ToArray(), new[] { splits.Train.Count, 28, 28 }),
            ("train-labels-idx1-ubyte", splits.Train.Labels.ToArray(), new[] { splits.Train.Count }),
            ("t10k-images-idx3-ubyte", splits.Test.Pixels.ToArray(), new[] { splits.Test.Count, 28, 28 }),
            ("t10k-labels-idx1-ubyte", splits.Test.Labels.ToArray(), new[] { splits.Test.Count }),
        })
        {
            var header = new List<byte> { 0, 0, 8, (byte)shape.Length };
            foreach (int d in shape)
                header.AddRange(BitConverter.GetBytes(d).Reverse());
            File.WriteAllBytes(dir.File(name), [.. header, .. data]);
        }
        var bytes = File.ReadAllBytes(dir.File("train-images-idx3-ubyte"));
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), bytes[..^100]);
        var args = new List<string>(Small) { "--epochs", "1" };
        args[args.IndexOf("--data") + 1] = dir.Path;
        CliRunner.AssertUsageError(CliRunner.Run([.. args]), "train-images-idx3-ubyte");
    }

    [Fact]
    public void Divergence_IsOneLine_NamingTheStep()
    {
        var args = new List<string>(Small) { "--epochs", "1" };
        args[args.IndexOf("--lr") + 1] = "1e30";
        CliRunner.AssertUsageError(CliRunner.Run([.. args]), "training diverged at step ");
    }

    [Fact]
    public void Resume_WithMoreEpochs_ContinuesTheRun_AndRecordsTheNewTotal()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run([.. Small, "--epochs", "1", "--out", dir.Path, "--json"]).ExitCode);
        var resumed = CliRunner.Run("train", "--resume", dir.Path, "--epochs", "2", "--json");
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(2, (int)JsonNode.Parse(resumed.Out.Trim())!["epoch"]!);
        Assert.Equal(2, TrainingConfig.FromJson(File.ReadAllText(dir.File("config.json")), "config.json").Epochs);
        Assert.Equal(3, File.ReadAllLines(dir.File("metrics.csv")).Length);
    }

    [Fact]
    public void Resume_RejectsOptionsThatTheRunFixes()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run([.. Small, "--epochs", "1", "--out", dir.Path]).ExitCode);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir.Path, "--lr", "0.5"), "--lr gives learning_rate = 0.5, the run has 0.05");
        CliRunner.AssertUsageError(CliRunner.Run([.. Small, "--epochs", "1", "--out", dir.Path]), "--resume");
    }

    [Fact]
    public void ProcessKilledMidEpoch_ThenResumed_EndsWithTheWeightsOfAnUninterruptedRun()
    {
        string[] run = ["train", "--data", "embedded", "--model", "mlp:784-128-10", "--batch", "10", "--lr", "0.02", "--momentum", "0.9",
            "--dropout", "0.2", "--epochs", "8", "--seed", "3", "--threads", "1"];
        using var straight = new TempDirectory();
        Assert.Equal(0, CliRunner.Run([.. run, "--out", straight.Path]).ExitCode);

        using var killed = new TempDirectory();
        string cli = Path.Combine(AppContext.BaseDirectory, "InitLab.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[cli, .. run, "--out", killed.Path])
            start.ArgumentList.Add(arg);
        using (var process = Process.Start(start)!)
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(killed.File("epoch-001.safetensors")) && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
                Thread.Sleep(5);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        // Eight epochs leave a wide margin: the kill lands before the end even if this thread is starved for a while.
        int reached = Directory.GetFiles(killed.Path, "epoch-*.safetensors").Length;
        Assert.InRange(reached, 1, 7);

        var resumed = CliRunner.Run("train", "--resume", killed.Path, "--threads", "2");
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains($"resumed after epoch {reached}", resumed.Out);
        var final = RunDirectory.CheckpointFile(8);
        Assert.Equal(Tensors(straight.File(final)), Tensors(killed.File(final)));
        Assert.Equal(Column(straight.File("metrics.csv"), 2), Column(killed.File("metrics.csv"), 2));
    }

    static IEnumerable<(string, byte[])> Tensors(string path) => InitLab.IO.SafeTensors.Read(path).Tensors.Select(t => (t.Name, t.Data));

    static string[] Column(string csv, int index) => [.. File.ReadAllLines(csv).Select(l => l.Split(',')[index])];
}
