using InitLab.Compute;
using InitLab.Numerics;

namespace InitLab.Tests.Compute;

public class Bf16RoundingTests
{
    // From `/usr/bin/python3 bench/peers/bf16.py` (torch 1.13): float32 bit patterns (ties, subnormals, the overflow
    // threshold, ±∞, NaNs, 24 random patterns) and the bits of torch.tensor(x).bfloat16().
    static readonly uint[] TorchInputs =
    [
        0x3F800000, 0x3F808000, 0x3F818000, 0x3F808001, 0x3F807FFF, 0xBF808000, 0xBF818000, 0x00000000, 0x80000000, 0x00000001,
        0x00008000, 0x00018000, 0x007FFFFF, 0x00800000, 0x7F7F7FFF, 0x7F7F8000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000,
        0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FBFFFFF, 0x7FC0FFFF, 0x40490FDB, 0x3DCCCCCD, 0x9CD9CF38, 0x4036081C, 0xF91596A8,
        0xF25E669E, 0x107DC072, 0x30774CFC, 0x33118293, 0x2DE60AB8, 0x94F844C0, 0x5992575D, 0x7B936770, 0x3B04C04A, 0xF3980F9B,
        0xABA2550A, 0xAA021771, 0x1D75D7A6, 0x28EB9F10, 0xE57487F7, 0x50DD1A48, 0xDBAE7092, 0xC9492F30, 0x00B945BA, 0x790DE87A,
        0x8A9D86C0,
    ];

    static readonly ushort[] TorchBits =
    [
        0x3F80, 0x3F80, 0x3F82, 0x3F81, 0x3F80, 0xBF80, 0xBF82, 0x0000, 0x8000, 0x0000, 0x0000, 0x0002, 0x0080, 0x0080, 0x7F7F,
        0x7F80, 0x7F80, 0xFF80, 0x7F80, 0xFF80, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0x4049, 0x3DCD, 0x9CDA, 0x4036, 0xF916,
        0xF25E, 0x107E, 0x3077, 0x3312, 0x2DE6, 0x94F8, 0x5992, 0x7B93, 0x3B05, 0xF398, 0xABA2, 0xAA02, 0x1D76, 0x28EC, 0xE575,
        0x50DD, 0xDBAE, 0xC949, 0x00B9, 0x790E, 0x8A9E,
    ];

    static float[] Floats(IEnumerable<uint> bits) => [.. bits.Select(BitConverter.UInt32BitsToSingle)];

    static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    /// <summary>Round to nearest, ties to even, written out: the two bfloat16 neighbours of x, compared by their distance in float64.</summary>
    static uint Definition(uint bits)
    {
        float x = BitConverter.UInt32BitsToSingle(bits);
        if (float.IsNaN(x))
            return ((bits >> 16) | 0x0040) << 16;
        uint toward = bits & 0xFFFF_0000, away = toward + 0x1_0000;
        if (float.IsInfinity(x))
            return bits;
        double low = BitConverter.UInt32BitsToSingle(toward);
        // The neighbour past the largest bfloat16 is 2¹²⁸ in magnitude: IEEE rounding overflows to ∞ from there.
        double high = (away & 0x7F80_0000) == 0x7F80_0000 ? Math.CopySign(Math.Pow(2, 128), x) : BitConverter.UInt32BitsToSingle(away);
        double below = Math.Abs(x - low), above = Math.Abs(high - x);
        return below < above ? toward : above < below ? away : (toward & 0x1_0000) == 0 ? toward : away;
    }

    [Fact]
    public void Round_MatchesTorch_OnTiesSubnormalsOverflowAndRandomPatterns()
    {
        var x = Floats(TorchInputs);
        var rounded = new float[x.Length];
        Bf16Rounding.Round(x, rounded);
        for (int i = 0; i < x.Length; i++)
        {
            if (float.IsNaN(x[i]))
            {
                // torch's vectorized cast writes every NaN as 0xFFFF; ours keeps the sign and payload (BFloat16's definition). Both are NaN.
                Assert.True(float.IsNaN(rounded[i]) && float.IsNaN(BitConverter.UInt32BitsToSingle((uint)TorchBits[i] << 16)), $"0x{TorchInputs[i]:X8}");
                continue;
            }
            Assert.True(Bits(rounded[i]) == (uint)TorchBits[i] << 16, $"0x{TorchInputs[i]:X8}: ours 0x{Bits(rounded[i]):X8}, torch 0x{TorchBits[i]:X4}0000");
        }
    }

    [Fact]
    public void Round_MatchesTheDefinitionAndBFloat16_AtEveryLengthAroundTheVectorWidths()
    {
        var random = new System.Random(5);
        foreach (int n in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 1000 })
        {
            var bits = new uint[n];
            for (int i = 0; i < n; i++)
                bits[i] = (i % 4) switch
                {
                    0 => (uint)random.NextInt64(0, 1L << 32),
                    1 => ((uint)random.NextInt64(0, 1L << 16) << 16) | 0x8000, // an exact tie
                    2 => 0x7F80_0000 | (uint)random.Next(1, 0x80_0000) | ((uint)random.Next(2) << 31), // NaN
                    _ => (uint)random.Next(0, 0x100_0000) | ((uint)random.Next(2) << 31), // subnormal or tiny normal
                };
            var x = Floats(bits);
            var rounded = new float[n];
            Bf16Rounding.Round(x, rounded);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Bits(rounded[i]) == Definition(bits[i]), $"n = {n}, 0x{bits[i]:X8}: 0x{Bits(rounded[i]):X8}, expected 0x{Definition(bits[i]):X8}");
                Assert.Equal((uint)BFloat16.FromSingle(x[i]).Bits << 16, Bits(rounded[i]));
            }
            Bf16Rounding.RoundInPlace(x);
            Assert.Equal(rounded.Select(Bits), x.Select(Bits));
        }
    }

    [Fact]
    public void Round_KeepsTheSignAndPayloadOfNaN_AndIsIdempotent()
    {
        var x = Floats([0xFFC0_0000, 0x7F80_0001, 0x7FBF_FFFF, 0xFF80_1234, 0x3FC0_0000]);
        Bf16Rounding.RoundInPlace(x);
        Assert.Equal(new uint[] { 0xFFC0_0000, 0x7FC0_0000, 0x7FFF_0000, 0xFFC0_0000, 0x3FC0_0000 }, x.Select(Bits));
        var again = x.ToArray();
        Bf16Rounding.RoundInPlace(again);
        Assert.Equal(x.Select(Bits), again.Select(Bits));
    }

    [Fact]
    public void Round_OnSeveralThreads_GivesTheOneThreadBits()
    {
        var random = new System.Random(9);
        var x = Floats(Enumerable.Range(0, (1 << 16) + 37).Select(_ => (uint)random.NextInt64(0, 1L << 32)));
        var serial = new float[x.Length];
        Bf16Rounding.Round(x, serial);
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var parallel = new float[x.Length];
            Bf16Rounding.Round(x, parallel, threads);
            Assert.Equal(serial.Select(Bits), parallel.Select(Bits));
        }
        Assert.Throws<ArgumentException>(() => Bf16Rounding.Round(x, new float[x.Length - 1], 2));
    }

    [Fact]
    public void Round_RejectsADestinationOfAnotherLength()
    {
        var e = Assert.Throws<ArgumentException>(() => Bf16Rounding.Round(new float[3], new float[2]));
        Assert.Contains("destination has 2 elements; source has 3", e.Message);
    }
}
