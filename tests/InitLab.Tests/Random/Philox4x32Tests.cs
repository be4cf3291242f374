using System.Runtime.Intrinsics.X86;
using InitLab.Random;

namespace InitLab.Tests.Random;

public class Philox4x32Tests
{
    // Known-answer vectors from Random123's kat_vectors (philox4x32_10).
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Block_MatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Assert.Equal((e0, e1, e2, e3), Philox4x32.Block((c0, c1, c2, c3), k0, k1));
    }

    public static TheoryData<ulong, string, long, int> Ranges => new()
    {
        { 0UL, "weight", 0L, 1 },
        { 42UL, "layers.3.weight", 7L, 3 },
        { ulong.MaxValue, "", (1L << 28) - 1, 2 },          // crosses the 2³² block boundary
        { 0x243F6A8885A308D3UL, "bias", 1L << 40, 5 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void VectorPaths_AreBitIdenticalToScalar(ulong seed, string name, long firstGroup, int groups)
    {
        var stream = new RandomStream(seed, name);
        var scalar = new uint[groups * Philox4x32.WordsPerGroup];
        Philox4x32.GenerateGroups(stream, firstGroup, groups, scalar, PhiloxPath.Scalar);
        if (Avx2.IsSupported)
        {
            var avx2 = new uint[scalar.Length];
            Philox4x32.GenerateGroups(stream, firstGroup, groups, avx2, PhiloxPath.Avx2);
            Assert.Equal(scalar, avx2);
        }
        if (Avx512F.IsSupported)
        {
            var avx512 = new uint[scalar.Length];
            Philox4x32.GenerateGroups(stream, firstGroup, groups, avx512, PhiloxPath.Avx512);
            Assert.Equal(scalar, avx512);
        }
    }

    [Fact]
    public void StreamLayout_WordKOfBlockLIsAtSixteenKPlusL()
    {
        var stream = new RandomStream(7, "w");
        var words = new uint[2 * Philox4x32.WordsPerGroup];
        Philox4x32.GenerateGroups(stream, 0, 2, words, PhiloxPath.Scalar);
        var (h0, h1) = ((uint)stream.NameHash, (uint)(stream.NameHash >> 32));
        for (uint block = 0; block < 32; block++)
        {
            var (x0, x1, x2, x3) = Philox4x32.Block((block, 0, h0, h1), 7, 0);
            int g = (int)block / 16, l = (int)block % 16;
            Assert.Equal(new[] { x0, x1, x2, x3 }, new[] { words[64 * g + l], words[64 * g + 16 + l], words[64 * g + 32 + l], words[64 * g + 48 + l] });
        }
    }

    [Fact]
    public void HashName_IsFnv1aThenSplitMix64()
    {
        // FNV-1a-64("") is the offset basis; splitmix64's finalizer of it, worked by hand from the constants.
        ulong z = 0xCBF29CE484222325;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        Assert.Equal(z ^ (z >> 31), RandomStream.HashName(""));
        Assert.NotEqual(RandomStream.HashName("layers.0.weight"), RandomStream.HashName("layers.0.bias"));
    }
}
