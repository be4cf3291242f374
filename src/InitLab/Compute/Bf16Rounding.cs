using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using InitLab.Numerics;

namespace InitLab.Compute;

/// <summary>Rounds float32 values to the nearest bfloat16 value, kept as float32 (the mixed-precision operands of <see cref="Precision.Bf16"/>).</summary>
/// <remarks>
/// Element for element the same bits as <c>(float)BFloat16.FromSingle(x)</c> (<see cref="BFloat16"/>): round to nearest,
/// ties to even, on the float's bits — bits + 0x7FFF + bit 16, then the low 16 bits cleared — so a finite value past the
/// largest bfloat16 (3.3895e38) becomes ±∞, ±∞ and ±0 are kept, subnormals round like any value (no flush to zero), and
/// a NaN becomes the quiet NaN with its sign and top payload bits. This is PyTorch's <c>round_to_nearest_even</c>
/// (c10/util/BFloat16.h), so <c>torch.tensor(x).bfloat16().float()</c> gives the same values.
/// The 512- and 256-bit paths compute the same integer formula as the scalar one.
/// </remarks>
public static class Bf16Rounding
{
    /// <summary>destination[i] = the nearest bfloat16 to source[i] (ties to even), as a float.</summary>
    /// <param name="source">The values to round.</param>
    /// <param name="destination">As long as <paramref name="source"/>; it may be the same span (rounding in place).</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Round(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length != destination.Length)
            throw new ArgumentException($"destination has {destination.Length} elements; source has {source.Length}.", nameof(destination));
        int i = 0;
        ref float s = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(source);
        ref float d = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination);
        if (Vector512.IsHardwareAccelerated)
            for (; i + Vector512<float>.Count <= source.Length; i += Vector512<float>.Count)
                Vector512.StoreUnsafe(Round(Vector512.LoadUnsafe(ref s, (nuint)i).AsUInt32()).AsSingle(), ref d, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + Vector256<float>.Count <= source.Length; i += Vector256<float>.Count)
                Vector256.StoreUnsafe(Round(Vector256.LoadUnsafe(ref s, (nuint)i).AsUInt32()).AsSingle(), ref d, (nuint)i);
        for (; i < source.Length; i++)
            Unsafe.Add(ref d, i) = Round(Unsafe.Add(ref s, i));
    }

    /// <summary>Rounds <paramref name="values"/> in place.</summary>
    public static void RoundInPlace(Span<float> values) => Round(values, values);

    /// <summary>Below this many elements one thread rounds a span: a pass over 256 KB takes about as long as waking a worker.</summary>
    const int ParallelLength = 1 << 16;

    /// <summary><see cref="Round(ReadOnlySpan{float}, Span{float})"/> on up to <paramref name="threads"/> threads, in contiguous pieces (element-wise, so the bits do not depend on the count).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is negative.</exception>
    public static unsafe void Round(ReadOnlySpan<float> source, Span<float> destination, int threads)
    {
        int workers = Parallelism.Resolve(threads);
        if (workers == 1 || source.Length < ParallelLength || source.Length != destination.Length)
        {
            Round(source, destination);
            return;
        }
        int length = source.Length;
        fixed (float* s = source, d = destination)
        {
            nint from = (nint)s, to = (nint)d;
            Parallelism.For(workers, workers, part =>
            {
                var (first, last) = Parallelism.Split(length, workers, part);
                Round(new ReadOnlySpan<float>((float*)from + first, last - first), new Span<float>((float*)to + first, last - first));
            });
        }
    }

    /// <summary>The nearest bfloat16 to <paramref name="value"/> (ties to even), as a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Round(float value) => BFloat16.FromSingle(value).ToSingle();

    /// <summary>Bit patterns above this (with the sign cleared) are NaN.</summary>
    const uint Infinity = 0x7F80_0000;

    /// <summary>The quiet bit of a float NaN (mantissa bit 22, bfloat16's bit 6).</summary>
    const uint Quiet = 0x0040_0000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<uint> Round(Vector512<uint> bits)
    {
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) & Vector512.Create(0xFFFF_0000u);
        // The magnitude is below 2³¹, so the signed compare (one instruction) is the unsigned one.
        var nan = Vector512.GreaterThan((bits & Vector512.Create(0x7FFF_FFFFu)).AsInt32(), Vector512.Create((int)Infinity)).AsUInt32();
        return Vector512.ConditionalSelect(nan, (bits | Vector512.Create(Quiet)) & Vector512.Create(0xFFFF_0000u), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<uint> Round(Vector256<uint> bits)
    {
        var rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) & Vector256.Create(0xFFFF_0000u);
        var nan = Vector256.GreaterThan((bits & Vector256.Create(0x7FFF_FFFFu)).AsInt32(), Vector256.Create((int)Infinity)).AsUInt32();
        return Vector256.ConditionalSelect(nan, (bits | Vector256.Create(Quiet)) & Vector256.Create(0xFFFF_0000u), rounded);
    }
}
