using InitLab.Random;

namespace InitLab.Data;

/// <summary>Random words keyed by an index: the Philox4x32-10 block of a stream at counter (index, word, H₀, H₁), for choices made per image.</summary>
/// <remarks>
/// The counter is (i, j, H₀, H₁) and the key (seed low, seed high), H being the stream's name hash (docs/random.md); the result
/// depends only on (seed, stream name, i, j), so a choice made for image i does not depend on which other images exist,
/// on the batch, or on the thread count.
/// </remarks>
public static class IndexKey
{
    /// <summary>The four words of <paramref name="stream"/>'s block at counter (<paramref name="index"/>, <paramref name="word"/>, H₀, H₁).</summary>
    public static (uint, uint, uint, uint) Block(RandomStream stream, long index, uint word = 0)
    {
        var (k0, k1) = stream.Key;
        var (h0, h1) = stream.NameWords;
        return Philox4x32.Block(((uint)index, word, h0, h1), k0, k1);
    }

    /// <summary>The 64-bit key w₀ + 2³²·w₁ of <paramref name="index"/> in <paramref name="stream"/>.</summary>
    public static ulong Of(RandomStream stream, long index)
    {
        var (w0, w1, _, _) = Block(stream, index);
        return w0 | (ulong)w1 << 32;
    }

    /// <summary>⌊w·k/2³²⌋ ∈ 0 … k − 1 for a 32-bit word w.</summary>
    public static int Below(uint word, int k) => (int)((ulong)word * (ulong)k >> 32);
}
