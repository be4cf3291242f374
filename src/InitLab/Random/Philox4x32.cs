using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InitLab.Random;

/// <summary>The Philox4x32-10 counter-based block function.</summary>
/// <remarks>
/// Salmon, Moraes, Dror &amp; Shaw (2011), "Parallel random numbers: as easy as 1, 2, 3", SC'11.
/// One block maps a 128-bit counter and a 64-bit key to 128 random bits through ten rounds of
/// two 32×32→64 multiplications. The multipliers and Weyl key increments are the paper's.
/// Three implementations (scalar, AVX2 with eight blocks per vector, AVX-512 with sixteen) give
/// bit-identical words; <see cref="GenerateGroups"/> picks the widest one the CPU has.
/// </remarks>
public static class Philox4x32
{
    internal const uint M0 = 0xD2511F53;
    internal const uint M1 = 0xCD9E8D57;
    internal const uint W0 = 0x9E3779B9; // golden ratio, the first Weyl key increment
    internal const uint W1 = 0xBB67AE85; // √3 − 1, the second Weyl key increment
    internal const int Rounds = 10;

    /// <summary>Blocks per group: the unit of the stream layout (see docs/random.md).</summary>
    public const int BlocksPerGroup = 16;

    /// <summary>32-bit words per group (16 blocks × 4 words).</summary>
    public const int WordsPerGroup = BlocksPerGroup * 4;

    /// <summary>Computes one Philox4x32-10 block.</summary>
    /// <param name="counter">The four counter words (c0, c1, c2, c3).</param>
    /// <param name="key0">Key word 0.</param>
    /// <param name="key1">Key word 1.</param>
    /// <returns>The four output words.</returns>
    public static (uint, uint, uint, uint) Block((uint C0, uint C1, uint C2, uint C3) counter, uint key0, uint key1)
    {
        var (c0, c1, c2, c3) = counter;
        for (int r = 0; r < Rounds; r++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ key0;
            uint n1 = (uint)p1;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ key1;
            uint n3 = (uint)p0;
            c0 = n0; c1 = n1; c2 = n2; c3 = n3;
            key0 += W0;
            key1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>
    /// Writes the words of <paramref name="groupCount"/> consecutive groups starting at group
    /// <paramref name="firstGroup"/> of <paramref name="stream"/>, in stream order.
    /// </summary>
    /// <remarks>
    /// Group g holds blocks 16g … 16g+15. Word k (0–3) of block 16g+l is stream word 64g + 16k + l, so a
    /// vector of counters writes each output word contiguously with no shuffles.
    /// </remarks>
    internal static void GenerateGroups(RandomStream stream, long firstGroup, int groupCount, Span<uint> destination, PhiloxPath path = PhiloxPath.Auto)
    {
        if (destination.Length < groupCount * WordsPerGroup)
            throw new ArgumentException($"destination holds {destination.Length} words; {groupCount} groups need {groupCount * WordsPerGroup}.", nameof(destination));
        if (path == PhiloxPath.Auto)
            path = Avx512F.IsSupported ? PhiloxPath.Avx512 : Avx2.IsSupported ? PhiloxPath.Avx2 : PhiloxPath.Scalar;
        switch (path)
        {
            case PhiloxPath.Avx512 when Avx512F.IsSupported:
                GenerateAvx512(stream, firstGroup, groupCount, destination);
                break;
            case PhiloxPath.Avx2 when Avx2.IsSupported:
                GenerateAvx2(stream, firstGroup, groupCount, destination);
                break;
            case PhiloxPath.Scalar:
                GenerateScalar(stream, firstGroup, groupCount, destination);
                break;
            default:
                throw new PlatformNotSupportedException($"The {path} Philox path needs a CPU feature this machine lacks.");
        }
    }

    static void GenerateScalar(RandomStream stream, long firstGroup, int groupCount, Span<uint> destination)
    {
        var (k0, k1) = stream.Key;
        var (h0, h1) = stream.NameWords;
        for (int g = 0; g < groupCount; g++)
        {
            ulong baseBlock = (ulong)(firstGroup + g) * BlocksPerGroup;
            var words = destination.Slice(g * WordsPerGroup, WordsPerGroup);
            for (int l = 0; l < BlocksPerGroup; l++)
            {
                ulong b = baseBlock + (ulong)l;
                var (x0, x1, x2, x3) = Block(((uint)b, (uint)(b >> 32), h0, h1), k0, k1);
                words[l] = x0;
                words[16 + l] = x1;
                words[32 + l] = x2;
                words[48 + l] = x3;
            }
        }
    }

    static void GenerateAvx2(RandomStream stream, long firstGroup, int groupCount, Span<uint> destination)
    {
        var (k0, k1) = stream.Key;
        var (h0, h1) = stream.NameWords;
        var lanes = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
        ref uint dst = ref destination[0];
        for (int g = 0; g < groupCount; g++)
        {
            // Groups are 16-block aligned, so the eight blocks of each half share the counter's high word.
            ulong baseBlock = (ulong)(firstGroup + g) * BlocksPerGroup;
            var hi = Vector256.Create((uint)(baseBlock >> 32));
            var a0 = Vector256.Create((uint)baseBlock) + lanes;
            var b0 = a0 + Vector256.Create(8u);
            var a1 = hi; var b1 = hi;
            var a2 = Vector256.Create(h0); var b2 = a2;
            var a3 = Vector256.Create(h1); var b3 = a3;
            uint key0 = k0, key1 = k1;
            for (int r = 0; r < Rounds; r++)
            {
                var kv0 = Vector256.Create(key0);
                var kv1 = Vector256.Create(key1);
                RoundAvx2(ref a0, ref a1, ref a2, ref a3, kv0, kv1);
                RoundAvx2(ref b0, ref b1, ref b2, ref b3, kv0, kv1);
                key0 += W0;
                key1 += W1;
            }
            ref uint o = ref Unsafe.Add(ref dst, g * WordsPerGroup);
            a0.StoreUnsafe(ref o, 0); b0.StoreUnsafe(ref o, 8);
            a1.StoreUnsafe(ref o, 16); b1.StoreUnsafe(ref o, 24);
            a2.StoreUnsafe(ref o, 32); b2.StoreUnsafe(ref o, 40);
            a3.StoreUnsafe(ref o, 48); b3.StoreUnsafe(ref o, 56);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void RoundAvx2(ref Vector256<uint> c0, ref Vector256<uint> c1, ref Vector256<uint> c2, ref Vector256<uint> c3, Vector256<uint> key0, Vector256<uint> key1)
    {
        var (hi0, lo0) = MulHiLoAvx2(c0, M0);
        var (hi1, lo1) = MulHiLoAvx2(c2, M1);
        var n0 = hi1 ^ c1 ^ key0;
        var n2 = hi0 ^ c3 ^ key1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<uint> Hi, Vector256<uint> Lo) MulHiLoAvx2(Vector256<uint> x, uint multiplier)
    {
        var m = Vector256.Create(multiplier);
        // vpmuludq multiplies the even 32-bit lanes; shifting by 32 exposes the odd ones.
        var even = Avx2.Multiply(x, m);
        var odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsUInt64(), 32).AsUInt32(), m);
        var hi = Avx2.Blend(Avx2.ShiftRightLogical(even, 32).AsUInt32(), odd.AsUInt32(), 0b1010_1010);
        var lo = Avx2.Blend(even.AsUInt32(), Avx2.ShiftLeftLogical(odd, 32).AsUInt32(), 0b1010_1010);
        return (hi, lo);
    }

    static void GenerateAvx512(RandomStream stream, long firstGroup, int groupCount, Span<uint> destination)
    {
        var lanes = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        for (int g = 0; g < groupCount; g++)
        {
            var first = Vector512.Create((ulong)(firstGroup + g) * BlocksPerGroup) + lanes;
            var (x0, x1, x2, x3) = SixteenBlocksAvx512(stream, first, first + Vector512.Create(8UL));
            ref uint o = ref destination[g * WordsPerGroup];
            x0.StoreUnsafe(ref o, 0);
            x1.StoreUnsafe(ref o, 16);
            x2.StoreUnsafe(ref o, 32);
            x3.StoreUnsafe(ref o, 48);
        }
    }

    /// <summary>
    /// Computes the blocks at 16 arbitrary indices (lanes 0–7 from <paramref name="firstEight"/>, 8–15 from
    /// <paramref name="lastEight"/>) and returns word k of every lane as the vector Xk, the layout of a group.
    /// Used for whole groups and for retrying scattered positions.
    /// </summary>
    internal static (Vector512<uint> X0, Vector512<uint> X1, Vector512<uint> X2, Vector512<uint> X3) SixteenBlocks(
        RandomStream stream, Vector512<ulong> firstEight, Vector512<ulong> lastEight)
    {
        if (Avx512F.IsSupported)
            return SixteenBlocksAvx512(stream, firstEight, lastEight);
        var (k0, k1) = stream.Key;
        var (h0, h1) = stream.NameWords;
        Span<uint> words = stackalloc uint[WordsPerGroup];
        for (int l = 0; l < BlocksPerGroup; l++)
        {
            ulong b = l < 8 ? firstEight[l] : lastEight[l - 8];
            var (x0, x1, x2, x3) = Block(((uint)b, (uint)(b >> 32), h0, h1), k0, k1);
            words[l] = x0;
            words[16 + l] = x1;
            words[32 + l] = x2;
            words[48 + l] = x3;
        }
        return (Vector512.Create<uint>(words[..16]), Vector512.Create<uint>(words[16..32]), Vector512.Create<uint>(words[32..48]), Vector512.Create<uint>(words[48..]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector512<uint> X0, Vector512<uint> X1, Vector512<uint> X2, Vector512<uint> X3) SixteenBlocksAvx512(
        RandomStream stream, Vector512<ulong> firstEight, Vector512<ulong> lastEight)
    {
        // Each 32-bit counter word lives in the low half of a 64-bit lane, so vpmuludq yields the full
        // product directly: its high half is the next "hi" word and its low half is "lo". The garbage
        // left above the low 32 bits is never read: multiplies and the final narrowing ignore it.
        var (k0, k1) = stream.Key;
        var (h0, h1) = stream.NameWords;
        var a0 = firstEight;
        var b0 = lastEight;
        var a1 = Avx512F.ShiftRightLogical(firstEight, 32);
        var b1 = Avx512F.ShiftRightLogical(lastEight, 32);
        var a2 = Vector512.Create((ulong)h0); var b2 = a2;
        var a3 = Vector512.Create((ulong)h1); var b3 = a3;
        uint key0 = k0, key1 = k1;
        for (int r = 0; r < Rounds; r++)
        {
            var kv0 = Vector512.Create((ulong)key0);
            var kv1 = Vector512.Create((ulong)key1);
            RoundAvx512(ref a0, ref a1, ref a2, ref a3, kv0, kv1);
            RoundAvx512(ref b0, ref b1, ref b2, ref b3, kv0, kv1);
            key0 += W0;
            key1 += W1;
        }
        return (Narrow(a0, b0), Narrow(a1, b1), Narrow(a2, b2), Narrow(a3, b3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<uint> Narrow(Vector512<ulong> low, Vector512<ulong> high) =>
        Vector512.Create(Avx512F.ConvertToVector256UInt32(low), Avx512F.ConvertToVector256UInt32(high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void RoundAvx512(ref Vector512<ulong> c0, ref Vector512<ulong> c1, ref Vector512<ulong> c2, ref Vector512<ulong> c3, Vector512<ulong> key0, Vector512<ulong> key1)
    {
        var p0 = Avx512F.Multiply(c0.AsUInt32(), Vector512.Create((ulong)M0).AsUInt32());
        var p1 = Avx512F.Multiply(c2.AsUInt32(), Vector512.Create((ulong)M1).AsUInt32());
        // 0x96 is the truth table of a ^ b ^ c.
        c0 = Avx512F.TernaryLogic(Avx512F.ShiftRightLogical(p1, 32), c1, key0, 0x96);
        c2 = Avx512F.TernaryLogic(Avx512F.ShiftRightLogical(p0, 32), c3, key1, 0x96);
        c1 = p1;
        c3 = p0;
    }
}

/// <summary>Which Philox implementation to run; tests force each one to prove they agree.</summary>
internal enum PhiloxPath
{
    Auto,
    Scalar,
    Avx2,
    Avx512,
}
