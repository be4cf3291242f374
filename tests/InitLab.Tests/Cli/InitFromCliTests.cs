using System.Buffers.Binary;
using System.Text;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

/// <summary><c>train --init-from</c> on bad weights: one line on stderr naming the file and the problem, exit 2, and nothing written to --out.</summary>
public sealed class InitFromCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("initfrom-").FullName;

    static readonly string Torch = Path.Combine(AppContext.BaseDirectory, "Pretrained", "Fixtures", "mlp.safetensors");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string File(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A .safetensors file whose header claims one float32 tensor [2, 2] (16 bytes) but holds only <paramref name="dataBytes"/>.</summary>
    static byte[] Lying(int dataBytes)
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}");
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    void AssertRefused(string path, string fragment, params string[] extra)
    {
        string output = Path.Combine(_dir, "run");
        var result = CliRunner.Run(["train", "--data", "embedded", "--model", "mlp:784-16-10", "--act", "tanh", "--epochs", "1", "--threads", "1",
            "--init-from", path, "--out", output, .. extra]);
        CliRunner.AssertUsageError(result, fragment);
        Assert.Contains(Path.GetFileName(path), result.Err);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "nothing is written");
    }

    [Fact]
    public void MissingFile_IsRefused() => AssertRefused(Path.Combine(_dir, "absent.safetensors"), "no such file or directory");

    [Fact]
    public void CorruptFile_IsRefused() => AssertRefused(File("corrupt.safetensors", [1, 2, 3]), "too short");

    [Fact]
    public void HeaderLyingAboutSizes_IsRefused() => AssertRefused(File("lying.safetensors", Lying(8)), "outside the 8 data bytes");

    [Fact]
    public void NotAWeightsFile_IsRefused() => AssertRefused(File("notes.safetensors", Encoding.UTF8.GetBytes("just some text, not weights")), "header length");

    [Fact]
    public void TensorMappingToNothing_IsRefused() => AssertRefused(Torch, "maps to '0.weight', which is no parameter");

    [Fact]
    public void MapRuleMatchingNothing_IsRefused() => AssertRefused(Torch, "--map rule 'encoder.=", "--map", "encoder.=layers.");

    [Fact]
    public void TorchLayout_Trains_AndSavesTheMappingReport()
    {
        string output = Path.Combine(_dir, "run");
        var result = CliRunner.Run("train", "--data", "embedded", "--model", "mlp:784-16-10", "--act", "tanh", "--epochs", "1", "--threads", "1",
            "--init-from", Torch, "--torch-layout", "--freeze", "layers.0.*", "--lr-loaded", "0.5", "--out", output);
        Assert.Equal(0, result.ExitCode);
        string report = System.IO.File.ReadAllText(Path.Combine(output, "init-from.txt"));
        Assert.Contains("layers.0.weight [16, 784]: loaded from '0.weight', frozen", report);
        Assert.Contains("layers.2.weight [10, 16]: loaded from '2.weight', lr × 0.5", report);
        Assert.Contains("4 of 4 tensors loaded", result.Err);
    }
}
