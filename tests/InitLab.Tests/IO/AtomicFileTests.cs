using InitLab.IO;
using InitLab.Tests.Support;

namespace InitLab.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void WriteText_ReplacesTheFile_WithUtf8WithoutBom_AndLeavesNoTemporaryFile()
    {
        string path = _temp.File("report.html");
        File.WriteAllText(path, "old contents that are longer than the new ones");
        AtomicFile.WriteText(path, "σ² = 1\n");
        Assert.Equal(new byte[] { 0xCF, 0x83, 0xC2, 0xB2, (byte)' ', (byte)'=', (byte)' ', (byte)'1', (byte)'\n' }, File.ReadAllBytes(path));
        Assert.Equal(["report.html"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_WhenTheWriterThrows_KeepsTheOldFile_AndDeletesTheTemporaryFile()
    {
        string path = _temp.File("metrics.csv");
        File.WriteAllText(path, "epoch\n1\n");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte((byte)'x');
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("epoch\n1\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Write_IntoAMissingDirectory_SaysWhichDirectory()
    {
        string path = Path.Combine(_temp.Path, "missing", "out.npy");
        var error = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteText(path, "x"));
        Assert.Contains(Path.Combine(_temp.Path, "missing"), error.Message);
    }
}
