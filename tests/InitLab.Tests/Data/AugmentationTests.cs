using InitLab.Data;
using InitLab.Random;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Data;

public class AugmentationTests
{
    const int H = 4, W = 5;
    const float Black = -1f;

    /// <summary>A 4×5 image with x[r, c] = 10r + c, so every output value names the pixel it came from.</summary>
    static float[] Image() => [.. Enumerable.Range(0, H * W).Select(i => (float)(10 * (i / W) + i % W))];

    [Fact]
    public void Translate_MovesEveryPixel_AndFillsTheUncoveredBorderWithBlack()
    {
        var y = new float[H * W];
        CropTransform.Translate(Image(), y, H, W, Black, dx: 1, dy: -1);
        float[] expected =
        [
            -1, -1, -1, -1, -1,
             1,  2,  3,  4, -1,
            11, 12, 13, 14, -1,
            21, 22, 23, 24, -1,
        ];
        Assert.Equal(expected, y);
    }

    [Fact]
    public void Mirror_ReversesEveryRow()
    {
        var y = new float[H * W];
        FlipTransform.Mirror(Image(), y, H, W);
        Assert.Equal([4, 3, 2, 1, 0], y[..5]);
        Assert.Equal([34, 33, 32, 31, 30], y[15..]);
    }

    [Fact]
    public void Shift_ByWholePixels_IsATranslation_AndByHalfAPixel_AveragesNeighbours()
    {
        var whole = new float[H * W];
        var translated = new float[H * W];
        ShiftTransform.Shift(Image(), whole, H, W, Black, tx: 2, ty: 1);
        CropTransform.Translate(Image(), translated, H, W, Black, dx: -2, dy: -1);
        Assert.Equal(translated, whole);

        var half = new float[H * W];
        ShiftTransform.Shift(Image(), half, H, W, Black, tx: 0.5, ty: 0);
        // y[r, c] = (x[r, c − 1] + x[r, c])/2, with black left of the image.
        Assert.Equal([(-1 + 0) / 2f, 0.5f, 1.5f, 2.5f, 3.5f], half[..5]);
        Assert.Equal([(-1 + 30) / 2f, 30.5f, 31.5f, 32.5f, 33.5f], half[15..]);
    }

    [Fact]
    public void Apply_DrawsFromSeedEpochAndIndex_NotFromTheBatchPosition()
    {
        var augmentation = Augmentation.Parse("crop:pad=1,flip,shift:max=1");
        var batch = new float[3 * H * W];
        for (int k = 0; k < 3; k++)
            Image().CopyTo(batch.AsSpan(k * H * W));
        var reordered = (float[])batch.Clone();
        augmentation.Apply(9, 2, [7, 3, 5], batch, H, W, Black);
        augmentation.Apply(9, 2, [5, 7, 3], reordered, H, W, Black);
        Assert.Equal(batch[..20], reordered[20..40]);   // image 7
        Assert.Equal(batch[20..40], reordered[40..]);   // image 3
        var otherEpoch = new float[H * W];
        Image().CopyTo(otherEpoch, 0);
        augmentation.Apply(9, 3, [7], otherEpoch, H, W, Black);
        var otherSeed = new float[H * W];
        Image().CopyTo(otherSeed, 0);
        augmentation.Apply(10, 2, [7], otherSeed, H, W, Black);
        Assert.NotEqual(batch[..20], otherEpoch);
        Assert.NotEqual(batch[..20], otherSeed);
    }

    [Fact]
    public void Apply_Crop_UsesTheDocumentedOffsets()
    {
        var augmentation = Augmentation.Parse("crop:pad=2");
        var words = new uint[4];
        Augmentation.Draw(new RandomStream(4, "augment/crop"), 1, 6, words);
        int dx = (int)((ulong)words[0] * 5 >> 32) - 2, dy = (int)((ulong)words[1] * 5 >> 32) - 2;
        var expected = new float[H * W];
        CropTransform.Translate(Image(), expected, H, W, Black, dx, dy);
        var image = Image();
        augmentation.Apply(4, 1, [6], image, H, W, Black);
        Assert.Equal(expected, image);
    }

    [Fact]
    public void Flip_WithHalfProbability_FlipsAboutHalfTheImages()
    {
        var augmentation = Augmentation.Parse("flip");
        var mirrored = new float[H * W];
        FlipTransform.Mirror(Image(), mirrored, H, W);
        int flipped = 0;
        for (int i = 0; i < 2000; i++)
        {
            var image = Image();
            augmentation.Apply(1, 0, [i], image, H, W, Black);
            flipped += image.SequenceEqual(mirrored) ? 1 : image.SequenceEqual(Image()) ? 0 : throw new Xunit.Sdk.XunitException("neither kept nor mirrored");
        }
        // Binomial(2000, 0.5): sd 22.4; [900, 1100] is beyond 4.4 sd.
        Assert.InRange(flipped, 900, 1100);
    }

    [Theory]
    [InlineData("crop:pad=4,flip,shift:max=2", "crop:pad=4,flip:p=0.5,shift:max=2")]
    [InlineData("flip:p=1,crop", "flip:p=1,crop:pad=4")]
    [InlineData(" shift ", "shift:max=2")]
    public void Parse_ReadsTheGrammar_InOrder_WithDefaults(string text, string canonical)
    {
        Assert.Equal(canonical, Augmentation.Parse(text).ToString());
        Assert.Equal(canonical, Augmentation.Parse(canonical).ToString());
    }

    [Theory]
    [InlineData("rotate", "unknown transform 'rotate'; use crop, flip, shift")]
    [InlineData("crop:pad=0", "crop:pad = 0 is not allowed")]
    [InlineData("crop:pad=1.5", "crop:pad = 1.5 is not allowed")]
    [InlineData("flip:p=0", "flip:p = 0 is not allowed; it must be in (0, 1]")]
    [InlineData("flip:p=x", "flip:p = 'x' is not a number")]
    [InlineData("shift:max=9", "shift:max = 9 is not allowed")]
    [InlineData("crop:size=3", "crop has no key 'size'; its key is pad")]
    [InlineData("flip,flip", "names 'flip' twice")]
    [InlineData("p=0.5", "a KEY=VALUE must follow a transform name")]
    [InlineData("crop,,flip", "has an empty item")]
    public void Parse_RejectsBadText_NamingTheOptionAndWhatIsAllowed(string text, string fragment)
    {
        var e = Assert.Throws<ArgumentException>(() => Augmentation.Parse(text));
        Assert.StartsWith($"--augment = '{text}'", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void CheckFits_RejectsAPaddingOfHalfTheImage()
    {
        Assert.Contains("--augment = 'crop:pad=2': crop moves the image up to 2 pixels, too far for 4×5 images", Assert.Throws<ArgumentException>(() => Augmentation.Parse("crop:pad=2").CheckFits(H, W)).Message);
        Augmentation.Parse("crop:pad=1").CheckFits(H, W);
    }

    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    static TrainingConfig Config(string? augment, int epochs = 2) => new()
    {
        Data = DataSource.Embedded,
        Model = "cnn:c4-p-f16-10",
        Epochs = epochs,
        Batch = 100,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = 3,
        Augment = augment,
    };

    [Fact]
    public void AugmentedTraining_IsBitIdentical_ForOneAndTwoThreads_AndAfterResume_AndDiffersFromPlainTraining()
    {
        Training.Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(Config("crop:pad=2,flip,shift:max=1.5"), Config(null), Embedded.Value);
    }
}
