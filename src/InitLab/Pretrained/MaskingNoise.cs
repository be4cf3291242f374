using InitLab.Data;
using InitLab.Random;

namespace InitLab.Pretrained;

/// <summary>The masking noise of a denoising autoencoder (Vincent et al. 2008): each input component is set to 0 with probability ν.</summary>
/// <remarks>
/// Component j of image i in epoch e of layer l is masked when u &lt; ν·2³², u the word j mod 4 of the Philox4x32-10 block
/// at counter (i, ⌊j/4⌋, H₀, H₁) of the stream <c>pretrain-noise/layer{l}/epoch{e}</c> (<see cref="IndexKey"/>). So the
/// mask is a pure function of (seed, layer, epoch, image, component): the same on any thread count, batch size or restart.
/// 0 is the mean pixel of standardized inputs and the zero code of hidden layers.
/// </remarks>
public static class MaskingNoise
{
    /// <summary>The stream of layer <paramref name="layer"/> (0-based) in epoch <paramref name="epoch"/> (0-based).</summary>
    public static RandomStream Stream(ulong seed, int layer, int epoch) =>
        new(seed, FormattableString.Invariant($"pretrain-noise/layer{layer}/epoch{epoch}"));

    /// <summary>Zeroes the masked components of <paramref name="row"/>, the input of image <paramref name="image"/>; returns how many.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ν is not in [0, 1).</exception>
    public static int Apply(RandomStream stream, double fraction, long image, Span<float> row)
    {
        if (!(fraction >= 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"--noise = {fraction} is not allowed; it must be in [0, 1).");
        ulong threshold = (ulong)Math.Round(fraction * 4294967296.0);
        int masked = 0;
        for (int j = 0; j < row.Length; j += 4)
        {
            var (w0, w1, w2, w3) = IndexKey.Block(stream, image, (uint)(j / 4));
            masked += Mask(row, j, w0, threshold) + Mask(row, j + 1, w1, threshold) + Mask(row, j + 2, w2, threshold) + Mask(row, j + 3, w3, threshold);
        }
        return masked;
    }

    static int Mask(Span<float> row, int j, uint word, ulong threshold)
    {
        if (j >= row.Length || word >= threshold)
            return 0;
        row[j] = 0;
        return 1;
    }
}
