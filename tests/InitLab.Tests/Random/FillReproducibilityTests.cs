using System.Numerics.Tensors;
using InitLab.Numerics;
using InitLab.Random;

namespace InitLab.Tests.Random;

public class FillReproducibilityTests
{
    // "two-sigma" keeps 95% of the mass, so float outputs take the rejection path; the others use inversion.
    public static TheoryData<string> Distributions => ["uniform", "normal", "truncated-normal", "tail", "two-sigma"];

    static Distribution Create(string name) => name switch
    {
        "uniform" => Distribution.Uniform(-0.5, 2),
        "normal" => Distribution.Normal(0.1, 0.02),
        "truncated-normal" => Distribution.TruncatedNormal(0, 1, -0.5, 0.5),
        "two-sigma" => Distribution.TruncatedNormal(0, 0.5, -1, 1),
        _ => Distribution.TruncatedNormal(0, 1, 3, 6),
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Fill_IsBitIdentical_ForThreads1_2_8(string name)
    {
        var d = Create(name);
        var stream = new RandomStream(123, "layers.0.weight");
        var one = new float[300_001];
        d.Sample<float>(one, stream, threads: 1);
        foreach (int threads in new[] { 2, 8 })
        {
            var many = new float[one.Length];
            d.Sample<float>(many, stream, threads: threads);
            Assert.Equal(one, many);
        }
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Fill_Float64_IsBitIdentical_ForArbitrarySplits(string name) =>
        AssertArbitrarySplitsReproduce<double>(Create(name), new RandomStream(9, "blocks.2.attn.proj.weight"), 10_000, maxPiece: 700, trials: 20);

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Fill_Float32_IsBitIdentical_ForArbitrarySplits(string name) =>
        AssertArbitrarySplitsReproduce<float>(Create(name), new RandomStream(10, "layers.7.weight"), 50_000, maxPiece: 9000, trials: 10);

    /// <summary>Fills random shards with matching offsets on random thread counts and compares with one whole fill.</summary>
    static void AssertArbitrarySplitsReproduce<T>(Distribution d, RandomStream stream, int length, int maxPiece, int trials) where T : unmanaged
    {
        var whole = new T[length];
        d.Sample<T>(whole, stream, threads: 1);
        var rng = new System.Random(5);
        for (int trial = 0; trial < trials; trial++)
        {
            var parts = new T[length];
            int start = 0;
            while (start < length)
            {
                int piece = Math.Min(length - start, rng.Next(1, maxPiece));
                d.Sample<T>(parts.AsSpan(start, piece), stream, offset: start, threads: rng.Next(1, 4));
                start += piece;
            }
            Assert.Equal(whole, parts);
        }
    }

    [Fact]
    public void Fill_SplitsFloat32_AtEveryOffsetAroundGroupBoundaries()
    {
        var stream = new RandomStream(1, "w");
        var whole = new float[400];
        Fill.Normal<float>(whole, stream, 0, 1, threads: 1);
        foreach (int cut in new[] { 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 399 })
        {
            var parts = new float[whole.Length];
            Fill.Normal(parts.AsSpan(0, cut), stream, 0, 1, offset: 0, threads: 1);
            Fill.Normal(parts.AsSpan(cut), stream, 0, 1, offset: cut, threads: 1);
            Assert.Equal(whole, parts);
        }
    }

    [Fact]
    public void Stream_DependsOnlyOnSeedAndName_NotOnOtherParameters()
    {
        var alone = new float[1000];
        Fill.Uniform<float>(alone, new RandomStream(3, "head.weight"), -1, 1);
        // Draw other parameters first, in another order; the stream for head.weight must not move.
        var other = new float[5000];
        Fill.Normal<float>(other, new RandomStream(3, "body.weight"), 0, 1);
        Fill.Normal<float>(other, new RandomStream(3, "head.bias"), 0, 1);
        var again = new float[1000];
        Fill.Uniform<float>(again, new RandomStream(3, "head.weight"), -1, 1);
        Assert.Equal(alone, again);

        var otherName = new float[1000];
        Fill.Uniform<float>(otherName, new RandomStream(3, "head.weight2"), -1, 1);
        var otherSeed = new float[1000];
        Fill.Uniform<float>(otherSeed, new RandomStream(4, "head.weight"), -1, 1);
        Assert.NotEqual(alone, otherName);
        Assert.NotEqual(alone, otherSeed);
    }

    [Fact]
    public void Uniform_Float32_MatchesTheDocumentedTransformOfTheWords()
    {
        var stream = new RandomStream(11, "layers.1.weight");
        var values = new float[128];
        Fill.Uniform<float>(values, stream, -2, 3, threads: 1);
        var words = new uint[128];
        Philox4x32.GenerateGroups(stream, 0, 2, words, PhiloxPath.Scalar);
        for (int i = 0; i < values.Length; i++)
        {
            float u = (words[i] >> 8) * (1f / (1 << 24));
            Assert.Equal(-2f + 5f * u, values[i]);
        }
    }

    [Fact]
    public void TruncatedNormal_HighMass_IsTheFirstAcceptedValueAcrossRetryStreams()
    {
        // docs/random.md: value i is the normal value i of the stream if inside the bounds, else of retry1, retry2, …
        var stream = new RandomStream(21, "blocks.0.mlp.weight");
        const int n = 20_000;
        var actual = new float[n];
        Fill.TruncatedNormal<float>(actual, stream, 0, 1, -1.2, 1.5);
        var expected = new float[n];
        Fill.Normal<float>(expected, stream, 0, 1);
        var candidates = new float[n];
        for (int attempt = 1; attempt < 32; attempt++)
        {
            Fill.Normal<float>(candidates, stream.Substream($"retry{attempt}"), 0, 1);
            for (int i = 0; i < n; i++)
                if (!(expected[i] >= -1.2f && expected[i] <= 1.5f))
                    expected[i] = candidates[i];
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Half_And_BFloat16_AreTheFloat32ValuesRounded()
    {
        var stream = new RandomStream(2, "w");
        var single = new float[1000];
        var half = new Half[1000];
        var brain = new BFloat16[1000];
        Fill.Normal<float>(single, stream, 0, 1);
        Fill.Normal<Half>(half, stream, 0, 1);
        Fill.Normal<BFloat16>(brain, stream, 0, 1);
        for (int i = 0; i < single.Length; i++)
        {
            Assert.Equal((Half)single[i], half[i]);
            Assert.Equal(BFloat16.FromSingle(single[i]), brain[i]);
        }
    }

    [Fact]
    public void TensorSpan_Dense_MatchesSpanFill()
    {
        var stream = new RandomStream(8, "conv.weight");
        var expected = new float[2 * 3 * 4];
        Fill.Normal<float>(expected, stream, 0, 1);
        var buffer = new float[24];
        Fill.Normal(new TensorSpan<float>(buffer, [2, 3, 4]), stream, 0, 1);
        Assert.Equal(expected, buffer);
    }

    [Fact]
    public void TensorSpan_Strided_FillsLogicalRowMajorOrder()
    {
        var stream = new RandomStream(8, "w");
        var expected = new float[6];
        Fill.Uniform<float>(expected, stream, 0, 1);
        // A 2×3 view with row stride 4 over an 8-element buffer: the gaps stay untouched.
        var buffer = Enumerable.Repeat(-7f, 8).ToArray();
        var view = new TensorSpan<float>(buffer, [2, 3], [4, 1]);
        Fill.Uniform(view, stream, 0, 1);
        Assert.Equal(new[] { expected[0], expected[1], expected[2], -7f, expected[3], expected[4], expected[5], -7f }, buffer);
    }

    [Fact]
    public void BFloat16_RoundsToNearestEven()
    {
        Assert.Equal(0x3F80, BFloat16.FromSingle(1f).Bits);
        // 1 + 2⁻⁸ is halfway between bfloat16 neighbours 1 and 1 + 2⁻⁷: ties go to the even mantissa (1).
        Assert.Equal(0x3F80, BFloat16.FromSingle(1f + 1f / 256).Bits);
        // 1 + 3·2⁻⁸ is halfway between 1 + 2⁻⁷ (odd) and 1 + 2⁻⁶ (even): rounds up.
        Assert.Equal(0x3F82, BFloat16.FromSingle(1f + 3f / 256).Bits);
        Assert.True(float.IsNaN(BFloat16.FromSingle(float.NaN).ToSingle()));
    }
}
