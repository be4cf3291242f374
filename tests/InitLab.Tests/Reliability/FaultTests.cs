using System.Diagnostics;
using System.Runtime.InteropServices;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Reliability;

/// <summary>
/// Faults a user's machine produces: a full disk, a read-only output directory, a process killed during a write, and
/// corrupt (non-finite) loaded weights. Each must end in one clear error line, no partial file under a final name, and
/// every earlier file intact. docs/reliability.md lists these tests.
/// </summary>
public sealed class FaultTests : IDisposable
{
    readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    static string[] Names(string dir) => [.. Directory.GetFiles(dir).Select(Path.GetFileName).Order()!];

    [Fact]
    public void FullDisk_WhileWritingATensor_ExitsTwo_AndLeavesNoFile()
    {
        if (!Tmpfs.CanMount)
            return;
        using var disk = Tmpfs.Mount(64 * 1024);
        var result = CliRunner.Run("init", "normal", "--shape", "100000", "--out", disk.File("w.npy"));
        CliRunner.AssertUsageError(result, "No space left on device");
        Assert.Empty(Names(disk.Path));
    }

    [Fact]
    public void FullDisk_DuringTraining_KeepsTheEarlierCheckpoint_AndResumesToTheUninterruptedBits()
    {
        if (!Tmpfs.CanMount)
            return;
        string reference = directory.File("reference");
        Assert.Equal(0, CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "2", "--out", reference]).ExitCode);
        long afterOne = Directory.GetFiles(reference).Sum(f => new FileInfo(f).Length) - new FileInfo(Path.Combine(reference, RunDirectory.CheckpointFile(2))).Length;
        long checkpoint = new FileInfo(Path.Combine(reference, RunDirectory.CheckpointFile(1))).Length;
        // Room for config, metrics and the first checkpoint, not for the second.
        using var disk = Tmpfs.Mount((afterOne + checkpoint / 2 + 4095) / 4096 * 4096);
        string run = Path.Combine(disk.Path, "run");
        var full = CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "2", "--out", run]);
        CliRunner.AssertUsageError(full, "No space left on device");
        Assert.DoesNotContain(RunDirectory.CheckpointFile(2), Names(run));
        Assert.DoesNotContain(Names(run), n => n.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.NotEmpty(SafeTensors.Read(Path.Combine(run, RunDirectory.CheckpointFile(1))).Tensors);

        disk.Resize(4 * (afterOne + checkpoint));
        Assert.Equal(0, CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "2", "--out", run, "--resume", run]).ExitCode);
        // The tensors, not the whole file: the metadata's metrics rows hold wall-clock seconds.
        Assert.Equal(Tensors(Path.Combine(reference, RunDirectory.CheckpointFile(2))), Tensors(Path.Combine(run, RunDirectory.CheckpointFile(2))));
    }

    static IEnumerable<(string, string)> Tensors(string path) => SafeTensors.Read(path).Tensors.Select(t => (t.Name, Convert.ToBase64String(t.Data)));


    [Fact]
    public void ReadOnlyOutputDirectory_IsOneErrorLine_ForInitAndTrain()
    {
        if (!Tmpfs.CanMount)
            return;
        using var disk = Tmpfs.Mount(1 << 20, readOnly: true);
        CliRunner.AssertUsageError(CliRunner.Run("init", "normal", "--shape", "10", "--out", disk.File("w.safetensors")), "Read-only file system");
        CliRunner.AssertUsageError(CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--out", disk.File("run")]), "Read-only file system");
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public void SigkillDuringAWrite_LeavesTheOldFileOrNone_NeverAPartialOne()
    {
        string target = directory.File("w.npy");
        string cli = Path.Combine(AppContext.BaseDirectory, "InitLab.Cli.dll");
        string[] big = ["init", "normal", "--shape", "6000,6000", "--threads", "1", "--out", target];   // 144 MB of float32
        // With no file yet: a kill during the write leaves no w.npy.
        Assert.True(KillDuringWrite(cli, big), "the write finished before it could be killed");
        Assert.False(File.Exists(target));
        // With an earlier file: the kill leaves it exactly as it was.
        Assert.Equal(0, CliRunner.Run("init", "normal", "--shape", "100", "--seed", "3", "--out", target).ExitCode);
        byte[] before = File.ReadAllBytes(target);
        Assert.True(KillDuringWrite(cli, big), "the write finished before it could be killed");
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Equal([100], Npy.Read(target).Shape);
    }

    /// <summary>Starts the CLI, waits until its temporary file beside the target is growing, and kills it; false if it finished first.</summary>
    bool KillDuringWrite(string cli, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])[cli, .. arguments])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var temp = Directory.GetFiles(directory.Path, ".*.tmp").FirstOrDefault();
            if (temp is not null && new FileInfo(temp).Length > 0)
            {
                process.Kill();
                process.WaitForExit();
                foreach (string stale in Directory.GetFiles(directory.Path, ".*.tmp"))
                    File.Delete(stale);
                return true;
            }
            Thread.Sleep(1);
        }
        process.WaitForExit();
        return false;
    }

    [Fact]
    public void NonFiniteWeights_InACheckpoint_AreNamedWithTensorAndIndex()
    {
        string run = directory.File("run");
        Assert.Equal(0, CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--out", run]).ExitCode);
        string path = Path.Combine(run, RunDirectory.CheckpointFile(1));
        var (metadata, tensors) = SafeTensors.Read(path);
        var corrupt = tensors.Select(t =>
        {
            if (t.Name != "layers.0.weight")
                return t;
            var values = MemoryMarshal.Cast<byte, float>(t.Data).ToArray();
            values[2 * 784 + 5] = float.NaN;
            values[9 * 784] = float.PositiveInfinity;
            return t with { Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray() };
        }).ToList();
        SafeTensors.Write(path, corrupt, metadata);
        var result = CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "2", "--out", run, "--resume", run]);
        CliRunner.AssertUsageError(result, "tensor 'layers.0.weight' has NaN at index [2, 5] (flat 1573; 2 of its 25088 values are not finite)");
        Assert.DoesNotContain(RunDirectory.CheckpointFile(2), Names(run));
    }

    [Theory]
    [InlineData(new[] { 3 }, 2, float.NegativeInfinity, "has −∞ at index [2] (flat 2)")]
    [InlineData(new[] { 2, 3, 4 }, 23, float.NaN, "has NaN at index [1, 2, 3] (flat 23)")]
    public void FiniteValues_NamesTheFirstBadElement(int[] shape, int flat, float bad, string fragment)
    {
        var values = new float[shape.Aggregate(1, (a, d) => a * d)];
        values[flat] = bad;
        var e = Assert.Throws<InvalidDataException>(() => FiniteValues.Require(values, "w", shape, "f.safetensors"));
        Assert.Contains($"'f.safetensors': tensor 'w' {fragment}", e.Message);
        FiniteValues.Require(new float[] { 1, -2, float.MaxValue }, "w", [3], "f");
    }
}
