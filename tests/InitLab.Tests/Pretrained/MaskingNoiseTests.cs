using InitLab.Data;
using InitLab.Pretrained;
using Xunit;

namespace InitLab.Tests.Pretrained;

/// <summary>The masking noise of <c>--method denoising</c>: the masked fraction, and the mask as a pure function of (seed, layer, epoch, image, component).</summary>
public class MaskingNoiseTests
{
    [Fact]
    public void MasksComponent_ExactlyWhenItsWordIsBelowTheThreshold()
    {
        var stream = MaskingNoise.Stream(7, layer: 1, epoch: 2);
        var row = Enumerable.Repeat(1f, 10).ToArray();
        int masked = MaskingNoise.Apply(stream, 0.3, image: 42, row);
        ulong threshold = (ulong)Math.Round(0.3 * 4294967296.0);
        for (int j = 0; j < 10; j++)
        {
            var (w0, w1, w2, w3) = IndexKey.Block(stream, 42, (uint)(j / 4));
            uint word = (j % 4) switch { 0 => w0, 1 => w1, 2 => w2, _ => w3 };
            Assert.Equal(word < threshold ? 0f : 1f, row[j]);
        }
        Assert.Equal(row.Count(v => v == 0), masked);
    }

    [Fact]
    public void MaskedFraction_IsNu()
    {
        // 784 000 components at ν = 0.25: the standard error of the fraction is 0.0005, so 0.004 is 8 of them.
        var stream = MaskingNoise.Stream(3, 0, 0);
        long masked = 0;
        var row = new float[784];
        for (int image = 0; image < 1000; image++)
        {
            Array.Fill(row, 1f);
            masked += MaskingNoise.Apply(stream, 0.25, image, row);
        }
        Assert.InRange(masked / 784000.0, 0.246, 0.254);
    }

    [Fact]
    public void Mask_DependsOnLayerEpochAndImage_NotOnTheCall()
    {
        float[] Mask(ulong seed, int layer, int epoch, int image)
        {
            var row = Enumerable.Repeat(1f, 64).ToArray();
            MaskingNoise.Apply(MaskingNoise.Stream(seed, layer, epoch), 0.5, image, row);
            return row;
        }
        Assert.Equal(Mask(1, 0, 0, 5), Mask(1, 0, 0, 5));
        Assert.NotEqual(Mask(1, 0, 0, 5), Mask(1, 0, 1, 5));
        Assert.NotEqual(Mask(1, 0, 0, 5), Mask(1, 1, 0, 5));
        Assert.NotEqual(Mask(1, 0, 0, 5), Mask(1, 0, 0, 6));
        Assert.NotEqual(Mask(1, 0, 0, 5), Mask(2, 0, 0, 5));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Fraction_OutsideTheUnitInterval_IsRefused(double nu) =>
        Assert.Contains("--noise = ", Assert.Throws<ArgumentOutOfRangeException>(() => MaskingNoise.Apply(MaskingNoise.Stream(0, 0, 0), nu, 0, new float[4])).Message);
}
