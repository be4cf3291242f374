using InitLab.Data;

namespace InitLab.Tests.Data;

public class DatasetTests
{
    static IdxArray Images(int count, int rows = 2, int cols = 3, string source = "images.idx") =>
        IdxArray.FromBytes([count, rows, cols], Enumerable.Range(0, count * rows * cols).Select(i => (byte)(i * 37)).ToArray(), source);

    static IdxArray Labels(params byte[] labels) => IdxArray.FromBytes([labels.Length], labels, "labels.idx");

    [Fact]
    public void Gather_NormalizesPixelsAndCopiesLabels()
    {
        var norm = new PixelNormalization(0.25, 0.5);
        var data = Dataset.FromIdx(Images(3), Labels(2, 0, 1), 3, norm, "toy");
        var images = new float[2 * 6];
        var targets = new int[2];
        data.Gather([2, 0], images, targets);

        Assert.Equal(new[] { 1, 2 }, targets);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal((float)((data.Pixels[12 + i] / 255.0 - 0.25) / 0.5), images[i]);
            Assert.Equal((float)((data.Pixels[i] / 255.0 - 0.25) / 0.5), images[6 + i]);
        }
        Assert.Equal((3, 2, 3, 6, 3), (data.Count, data.Height, data.Width, data.ImageSize, data.Classes));
    }

    [Fact]
    public void UnitInterval_MapsPixelsToZeroOne()
    {
        var data = Dataset.FromIdx(IdxArray.FromBytes([1, 1, 2], [0, 255]), Labels(0), 1, PixelNormalization.UnitInterval, "toy");
        var images = new float[2];
        data.Gather([0], images, new int[1]);
        Assert.Equal(new[] { 0f, 1f }, images);
    }

    [Fact]
    public void Standardize_GivesMeanZeroAndStdOne()
    {
        var pixels = Enumerable.Range(0, 1000).Select(i => (byte)(i * i % 256)).ToArray();
        var norm = PixelNormalization.Standardize(pixels);
        var x = pixels.Select(p => (p / 255.0 - norm.Mean) / norm.Std).ToArray();
        double mean = x.Average();
        Assert.Equal(0, mean, 12);
        Assert.Equal(1, Math.Sqrt(x.Select(v => (v - mean) * (v - mean)).Average()), 12);
    }

    [Fact]
    public void Standardize_RejectsConstantPixels()
    {
        Assert.Throws<ArgumentException>(() => PixelNormalization.Standardize(new byte[] { 7, 7, 7 }));
    }

    [Fact]
    public void ClassCounts_CountsEachLabel()
    {
        var data = Dataset.FromIdx(Images(5), Labels(2, 0, 2, 2, 0), 4, PixelNormalization.UnitInterval, "toy");
        Assert.Equal(new[] { 2, 0, 3, 0 }, data.ClassCounts());
    }

    public static TheoryData<string, IdxArray, IdxArray, string> Invalid() => new()
    {
        { "images 2-D", IdxArray.FromBytes([2, 6], new byte[12], "images.idx"), Labels(0, 1),
            "images.idx: images must have 3 dimensions (count, rows, columns), found 2 (2×6)." },
        { "labels 2-D", Images(2), IdxArray.FromBytes([2, 1], [0, 1], "labels.idx"),
            "labels.idx: labels must have 1 dimension (count), found 2 (2×1)." },
        { "int32 images", IdxArray.FromInt32([1, 1, 1], [5], "images.idx"), Labels(0),
            "images.idx: images must be unsigned bytes (type 0x08), found int32 (0x0C)." },
        { "int32 labels", Images(1), IdxArray.FromInt32([1], [0], "labels.idx"),
            "labels.idx: labels must be unsigned bytes (type 0x08), found int32 (0x0C)." },
        { "count mismatch", Images(3), Labels(0, 1),
            "labels.idx: holds 2 labels, but images.idx holds 3 images." },
        { "label too large", Images(3), Labels(0, 9, 1),
            "labels.idx: label 9 at index 1 is out of range; labels must be 0 … 2." },
        { "zero-width images", IdxArray.FromBytes([2, 4, 0], [], "images.idx"), Labels(0, 1),
            "images.idx: images are 4×0 pixels; both sizes must be positive." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void FromIdx_InvalidInput_NamesTheFileAndTheProblem(string name, IdxArray images, IdxArray labels, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => Dataset.FromIdx(images, labels, 3, PixelNormalization.UnitInterval, name));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Gather_RejectsOutOfRangeIndexAndShortDestinations()
    {
        var data = Dataset.FromIdx(Images(3), Labels(0, 1, 2), 3, PixelNormalization.UnitInterval, "toy");
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Gather([3], new float[6], new int[1]));
        Assert.Throws<ArgumentException>(() => data.Gather([0, 1], new float[11], new int[2]));
        Assert.Throws<ArgumentException>(() => data.Gather([0, 1], new float[12], new int[1]));
    }
}
