using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;


namespace InitLab.Random;

/// <summary>Turns the Philox words of whole groups into values; one implementation per distribution.</summary>
/// <remarks>Every kernel is elementwise within a group, so a value depends only on its stream index.</remarks>
internal interface IStreamKernel<TOut> where TOut : unmanaged
{
    /// <summary>Values produced per 64-word group: 64 for float32 transforms, 32 for float64 ones.</summary>
    static abstract int ElementsPerGroup { get; }

    /// <param name="words">The Philox words of whole groups, in stream order.</param>
    /// <param name="output">The values of those groups.</param>
    /// <param name="firstGroup">Stream index of the first group, for kernels that draw more words.</param>
    void Transform(ReadOnlySpan<uint> words, Span<TOut> output, long firstGroup);
}

/// <summary>U[low, high) in float32: u = (w ≫ 8)·2⁻²⁴, x = min(max(low + range·u, lowest), highest).</summary>
internal readonly struct UniformSingleKernel(float low, float range, float lowest, float highest) : IStreamKernel<float>
{
    public static int ElementsPerGroup => Philox4x32.WordsPerGroup;

    public void Transform(ReadOnlySpan<uint> words, Span<float> output, long firstGroup)
    {
        var lo = Vector512.Create(low);
        var span = Vector512.Create(range);
        var min = Vector512.Create(lowest);
        var max = Vector512.Create(highest);
        var scale = Vector512.Create(1f / (1 << 24));
        ref uint w = ref Unsafe.AsRef(in words[0]);
        ref float o = ref output[0];
        for (int i = 0; i < words.Length; i += Vector512<float>.Count)
        {
            var u = Vector512.ConvertToSingle((Vector512.LoadUnsafe(ref w, (nuint)i) >>> 8).AsInt32()) * scale;
            var x = Vector512.Min(Vector512.Max(lo + span * u, min), max);
            x.StoreUnsafe(ref o, (nuint)i);
        }
    }
}

/// <summary>
/// N(mean, std²) in float32 by Box–Muller. Within each half-group, words 0–15 give the radius and
/// words 16–31 the angle; the cosine goes to positions 0–15 and the sine to 16–31.
/// </summary>
internal readonly struct NormalSingleKernel(float mean, float std) : IStreamKernel<float>
{
    public static int ElementsPerGroup => Philox4x32.WordsPerGroup;

    public void Transform(ReadOnlySpan<uint> words, Span<float> output, long firstGroup)
    {
        ref uint w = ref Unsafe.AsRef(in words[0]);
        ref float o = ref output[0];
        var mu = Vector512.Create(mean);
        var sigma = Vector512.Create(std);
        for (int h = 0; h < words.Length; h += 32)
        {
            var (cos, sin) = StandardPair(Vector512.LoadUnsafe(ref w, (nuint)h), Vector512.LoadUnsafe(ref w, (nuint)(h + 16)));
            Vector512.FusedMultiplyAdd(sigma, cos, mu).StoreUnsafe(ref o, (nuint)h);
            Vector512.FusedMultiplyAdd(sigma, sin, mu).StoreUnsafe(ref o, (nuint)(h + 16));
        }
    }

    /// <summary>Two independent N(0,1) values from a radius word and an angle word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector512<float> Cos, Vector512<float> Sin) StandardPair(Vector512<uint> radiusWord, Vector512<uint> angleWord)
    {
        // u1 = (w ≫ 1)·2⁻³¹ + 2⁻³² lies in (0, 1], so the radius is finite and at most √(64·ln 2) ≈ 6.66.
        var u1 = Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle((radiusWord >>> 1).AsInt32()), Vector512.Create(1f / 2147483648f), Vector512.Create(1f / 4294967296f));
        var radius = Vector512.Sqrt(Vector512.Create(-2f) * VectorMath.Log(u1));

        // θ = 2π·w/2³². Shifting by an eighth turn makes the quadrant q the top two bits and leaves
        // φ = θ − q·π/2 in [−π/4, π/4), the range where the polynomials are accurate.
        var shifted = angleWord + Vector512.Create(1u << 29);
        var quadrant = shifted >>> 30;
        var offset = (shifted & Vector512.Create(0x3FFFFFFFu)).AsInt32() - Vector512.Create(1 << 29);
        var phi = Vector512.ConvertToSingle(offset) * Vector512.Create((float)(Math.PI / 2 / (1 << 30)));
        var (s, c) = VectorMath.SinCosQuarter(phi);
        var odd = Vector512.Equals(quadrant & Vector512<uint>.One, Vector512<uint>.One).AsSingle();
        var cos = Vector512.ConditionalSelect(odd, s, c);
        var sin = Vector512.ConditionalSelect(odd, c, s);
        // cos θ is negative in quadrants 1 and 2, sin θ in quadrants 2 and 3.
        var cosSign = (((quadrant + Vector512<uint>.One) & Vector512.Create(2u)) << 30).AsSingle();
        var sinSign = ((quadrant & Vector512.Create(2u)) << 30).AsSingle();
        return (radius * (cos ^ cosSign), radius * (sin ^ sinSign));
    }
}

/// <summary>Helpers for the float64 transforms, which use 53-bit uniforms built from two words.</summary>
internal static class Uniform53
{
    /// <summary>Values per group when each value takes two words.</summary>
    public const int PerGroup = Philox4x32.WordsPerGroup / 2;

    /// <summary>
    /// The 53-bit integer for value j (0–31) of a group: high word at position (j &lt; 16 ? j : j + 16),
    /// low word 16 positions later; m = ((high ≪ 32) | low) ≫ 11.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(ReadOnlySpan<uint> group, int j)
    {
        int h = j < 16 ? j : j + 16;
        return (((ulong)group[h] << 32) | group[h + 16]) >> 11;
    }
}

/// <summary>U[low, high) in float64: u = m·2⁻⁵³.</summary>
internal readonly struct UniformDoubleKernel(double low, double range, double lowest, double highest) : IStreamKernel<double>
{
    public static int ElementsPerGroup => Uniform53.PerGroup;

    public void Transform(ReadOnlySpan<uint> words, Span<double> output, long firstGroup)
    {
        for (int g = 0, o = 0; g < words.Length; g += Philox4x32.WordsPerGroup, o += Uniform53.PerGroup)
        {
            var group = words.Slice(g, Philox4x32.WordsPerGroup);
            for (int j = 0; j < Uniform53.PerGroup; j++)
            {
                double u = Uniform53.Bits(group, j) * (1.0 / (1UL << 53));
                output[o + j] = Math.Min(Math.Max(low + range * u, lowest), highest);
            }
        }
    }
}

/// <summary>N(mean, std²) in float64 by Box–Muller: value j (&lt; 16) is r·cos θ and value j+16 is r·sin θ.</summary>
internal readonly struct NormalDoubleKernel(double mean, double std) : IStreamKernel<double>
{
    public static int ElementsPerGroup => Uniform53.PerGroup;

    public void Transform(ReadOnlySpan<uint> words, Span<double> output, long firstGroup)
    {
        for (int g = 0, o = 0; g < words.Length; g += Philox4x32.WordsPerGroup, o += Uniform53.PerGroup)
        {
            var group = words.Slice(g, Philox4x32.WordsPerGroup);
            for (int j = 0; j < 16; j++)
            {
                double u1 = (Uniform53.Bits(group, j) + 1) * (1.0 / (1UL << 53));
                double u2 = Uniform53.Bits(group, j + 16) * (1.0 / (1UL << 53));
                double r = Math.Sqrt(-2.0 * Math.Log(u1));
                var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
                output[o + j] = mean + std * (r * cos);
                output[o + j + 16] = mean + std * (r * sin);
            }
        }
    }
}

/// <summary>
/// N(mean, std²) truncated to [low, high] by inversion: z = Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))) with the
/// open uniform u = (m + ½)·2⁻⁵³. When the interval leans right it is mirrored so that Φ is evaluated
/// in the lower tail, where doubles are dense; every lane costs the same whatever the acceptance rate.
/// </summary>
internal readonly struct TruncatedNormalKernel : IStreamKernel<double>
{
    readonly double _mean, _std, _pLow, _pSpan, _zLow, _zHigh, _lowest, _highest;
    readonly bool _mirror;

    /// <param name="mean">Mean of the parent normal.</param>
    /// <param name="std">Std of the parent normal.</param>
    /// <param name="alpha">Standardized lower bound (may be −∞).</param>
    /// <param name="beta">Standardized upper bound (may be +∞).</param>
    /// <param name="lowest">The smallest output value allowed (the lower bound rounded inward to the output type).</param>
    /// <param name="highest">The largest output value allowed.</param>
    public TruncatedNormalKernel(double mean, double std, double alpha, double beta, double lowest, double highest)
    {
        _mean = mean;
        _std = std;
        _lowest = lowest;
        _highest = highest;
        _mirror = alpha + beta > 0;
        (_zLow, _zHigh) = _mirror ? (-beta, -alpha) : (alpha, beta);
        _pLow = NormalCdf.Lower(_zLow);
        _pSpan = NormalCdf.Lower(_zHigh) - _pLow;
    }

    /// <summary>Φ(β) − Φ(α) as computed; zero means the bounds hold no mass representable in double precision.</summary>
    public double Mass => _pSpan;

    public static int ElementsPerGroup => Uniform53.PerGroup;

    /// <summary>The value for one open uniform u in (0, 1); the vector path computes exactly this per lane.</summary>
    public double FromUniform(double u)
    {
        var z = VectorMath.InverseNormalCdf(Vector256.Create(_pLow + u * _pSpan)).GetElement(0);
        z = Math.Min(Math.Max(z, _zLow), _zHigh) * (_mirror ? -1.0 : 1.0);
        return Math.Min(Math.Max(_mean + _std * z, _lowest), _highest);
    }

    public void Transform(ReadOnlySpan<uint> words, Span<double> output, long firstGroup)
    {
        Span<ulong> bits = stackalloc ulong[Uniform53.PerGroup];
        var pLow = Vector256.Create(_pLow);
        var pSpan = Vector256.Create(_pSpan);
        var zLow = Vector256.Create(_zLow);
        var zHigh = Vector256.Create(_zHigh);
        var sign = Vector256.Create(_mirror ? -1.0 : 1.0);
        var mean = Vector256.Create(_mean);
        var std = Vector256.Create(_std);
        var lowest = Vector256.Create(_lowest);
        var highest = Vector256.Create(_highest);
        for (int g = 0, o = 0; g < words.Length; g += Philox4x32.WordsPerGroup, o += Uniform53.PerGroup)
        {
            var group = words.Slice(g, Philox4x32.WordsPerGroup);
            for (int j = 0; j < Uniform53.PerGroup; j++)
                bits[j] = Uniform53.Bits(group, j);
            for (int j = 0; j < Uniform53.PerGroup; j += Vector256<double>.Count)
            {
                var m = Vector256.ConvertToDouble(Vector256.Create<ulong>(bits.Slice(j)).AsInt64());
                var u = (m + Vector256.Create(0.5)) * Vector256.Create(1.0 / (1UL << 53));
                var z = VectorMath.InverseNormalCdf(pLow + u * pSpan);
                z = Vector256.Min(Vector256.Max(z, zLow), zHigh) * sign;
                var x = Vector256.Min(Vector256.Max(mean + std * z, lowest), highest);
                x.CopyTo(output.Slice(o + j));
            }
        }
    }
}

/// <summary>The standard normal CDF, accurate in the lower tail.</summary>
internal static class NormalCdf
{
    /// <summary>Φ(x) = ½·erfc(−x/√2); relative accuracy holds far into the lower tail.</summary>
    public static double Lower(double x) =>
        double.IsNegativeInfinity(x) ? 0.0
        : double.IsPositiveInfinity(x) ? 1.0
        : 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2.0));
}
