using InitLab.Data;
using InitLab.Tests.Support;

namespace InitLab.Tests.Data;

public class DataSourceTests
{
    /// <summary>Writes the four MNIST-layout files: <paramref name="train"/> and <paramref name="test"/> images of 2×2 pixels.</summary>
    static void WriteSplits(string directory, int train, int test, bool gzip, bool dotted = false, int classes = 4)
    {
        void Write(string prefix, int count)
        {
            string Name(string kind, int rank) => $"{prefix}-{kind}{(dotted ? "." : "-")}idx{rank}-ubyte{(gzip ? ".gz" : "")}";
            var pixels = Enumerable.Range(0, count * 4).Select(i => (byte)(i * 29 + count)).ToArray();
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % classes)).ToArray();
            IdxFile.Write(Path.Combine(directory, Name("images", 3)), IdxArray.FromBytes([count, 2, 2], pixels), gzip);
            IdxFile.Write(Path.Combine(directory, Name("labels", 1)), IdxArray.FromBytes([count], labels), gzip);
        }
        Write("train", train);
        Write("t10k", test);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Directory_LoadsBothSplits_WithTrainStatistics(bool gzip, bool dotted)
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, 12, 5, gzip, dotted);
        var splits = DataSource.Load(dir.Path);

        Assert.Equal((12, 5, 4, 4), (splits.Train.Count, splits.Test.Count, splits.Train.Classes, splits.Test.Classes));
        Assert.Equal(dir.Path, splits.Origin);
        var expected = PixelNormalization.Standardize(splits.Train.Pixels);
        Assert.Equal(expected, splits.Train.Normalization);
        Assert.Equal(expected, splits.Test.Normalization);
        Assert.Equal(PixelNormalization.UnitInterval, DataSource.Load(dir.Path, PixelScaling.UnitInterval).Test.Normalization);
    }

    [Fact]
    public void Directory_MissingFile_SaysWhichNamesWereTried()
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, 3, 3, gzip: true);
        File.Delete(dir.File("t10k-labels-idx1-ubyte.gz"));
        var e = Assert.Throws<FileNotFoundException>(() => DataSource.Load(dir.Path));
        Assert.Equal($"data directory '{dir.Path}' has no t10k-labels-idx1-ubyte (looked for t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte.gz, " +
            "t10k-labels.idx1-ubyte and t10k-labels.idx1-ubyte.gz).", e.Message);
    }

    [Fact]
    public void Directory_TruncatedFile_IsReportedWithItsName()
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, 3, 3, gzip: false);
        string images = dir.File("train-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..^1]);
        var e = Assert.Throws<InvalidDataException>(() => DataSource.Load(dir.Path));
        Assert.Equal($"{images}: truncated: the header declares 3×2×2 ubyte elements = 12 data bytes, but the file holds only 11.", e.Message);
    }

    [Fact]
    public void UnknownSource_IsRejected()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => DataSource.Load("/no/such/dir"));
        Assert.Equal("data source '/no/such/dir' is not 'fashion-mnist', 'embedded' or an existing directory.", e.Message);
    }

    [Fact]
    public void FashionMnist_Missing_SaysHowToGetIt()
    {
        using var dir = new TempDirectory();
        string system = dir.File("system");
        var e = Assert.Throws<FileNotFoundException>(() => DataSource.Load("fashion-mnist", PixelScaling.Standardize, null, system));
        Assert.Equal($"Fashion-MNIST was not found in {system} (INITLAB_DATA is not set). Install it with 'sudo apt-get install dataset-fashion-mnist', " +
            "or put the four files of https://github.com/zalandoresearch/fashion-mnist (data/fashion) in DIR/fashion-mnist and set INITLAB_DATA=DIR; " +
            "'--data embedded' needs nothing installed.", e.Message);
        e = Assert.Throws<FileNotFoundException>(() => DataSource.Load("fashion-mnist", PixelScaling.Standardize, dir.Path, system));
        Assert.StartsWith($"Fashion-MNIST was not found in {dir.File("fashion-mnist")} and {system}. Install it with", e.Message);
    }

    [Fact]
    public void FashionMnist_PrefersInitlabData_OverTheSystemDirectory()
    {
        using var dir = new TempDirectory();
        string data = dir.File("fashion-mnist");
        Directory.CreateDirectory(data);
        WriteSplits(data, 20, 10, gzip: true, classes: 10);
        var splits = DataSource.Load("fashion-mnist", PixelScaling.Standardize, dir.Path, dir.File("system"));
        Assert.Equal((data, 20, 10), (splits.Origin, splits.Train.Count, splits.Test.Count));
    }

    [Fact]
    public void FashionMnist_LabelAboveNine_IsReported()
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, 20, 11, gzip: false, classes: 11);
        var e = Assert.Throws<InvalidDataException>(() => DataSource.Load("fashion-mnist", PixelScaling.Standardize, null, dir.Path));
        Assert.Equal($"{dir.File("train-labels-idx1-ubyte")}: label 10 at index 10 is out of range; labels must be 0 … 9.", e.Message);
    }

    [Fact]
    public void FashionMnist_SystemPackage_LoadsTheFullSplits_OrSaysHowToInstallIt()
    {
        if (!Directory.Exists(DataSource.SystemDirectory))
        {
            var e = Assert.Throws<FileNotFoundException>(() => DataSource.Load("fashion-mnist", PixelScaling.Standardize, null, DataSource.SystemDirectory));
            Assert.Contains("sudo apt-get install dataset-fashion-mnist", e.Message);
            return;
        }
        var splits = DataSource.Load("fashion-mnist", PixelScaling.Standardize, null, DataSource.SystemDirectory);
        Assert.Equal(Enumerable.Repeat(6000, 10), splits.Train.ClassCounts());
        Assert.Equal(Enumerable.Repeat(1000, 10), splits.Test.ClassCounts());
        // The statistics docs/data.md quotes for the 60,000 training images.
        Assert.Equal(0.286041, splits.Train.Normalization.Mean, 6);
        Assert.Equal(0.353024, splits.Train.Normalization.Std, 6);
    }
}
