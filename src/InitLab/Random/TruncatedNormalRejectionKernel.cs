using System.Numerics;
using System.Runtime.Intrinsics;

namespace InitLab.Random;

/// <summary>
/// Truncated normal for float-family outputs when the bounds keep most of the mass: attempt 0 is the
/// float32 normal stream itself; a value outside [lowest, highest] is replaced by the same position of
/// attempt j's stream (the sub-stream <c>"retry{j}"</c>), j = 1, 2, …. The first accepted value is an
/// exact draw from the truncated normal, and it depends only on the stream index.
/// </summary>
/// <remarks>
/// Retries touch only the rejected positions: each batch of 16 runs Philox on the 16 blocks that hold
/// them and the same vector Box–Muller as the normal kernel, so a retried value has exactly the bits
/// the whole retry stream would have there. After <see cref="MaxAttempts"/> rejections (probability
/// (1 − mass)^32 ≤ 2⁻⁶⁴ at the mass this kernel is used for) the value falls back to inversion with the
/// attempt-0 word as a 32-bit uniform.
/// </remarks>
internal readonly struct TruncatedNormalRejectionKernel : IStreamKernel<float>
{
    /// <summary>The smallest mass Φ(β) − Φ(α) for which rejection beats inversion.</summary>
    public const double MinimumMass = 0.75;

    const int MaxAttempts = 32;
    const int Lanes = Philox4x32.BlocksPerGroup;

    readonly NormalSingleKernel _normal;
    readonly float _mean, _std, _lowest, _highest;
    readonly RandomStream[] _retries;
    readonly TruncatedNormalKernel _inversion;

    public TruncatedNormalRejectionKernel(RandomStream stream, double mean, double std, double lowest, double highest, TruncatedNormalKernel inversion)
    {
        _mean = (float)mean;
        _std = (float)std;
        _normal = new NormalSingleKernel(_mean, _std);
        _lowest = (float)lowest;
        _highest = (float)highest;
        _inversion = inversion;
        _retries = new RandomStream[MaxAttempts];
        for (int j = 1; j < MaxAttempts; j++)
            _retries[j] = stream.Substream($"retry{j}");
    }

    public static int ElementsPerGroup => Philox4x32.WordsPerGroup;

    public void Transform(ReadOnlySpan<uint> words, Span<float> output, long firstGroup)
    {
        _normal.Transform(words, output, firstGroup);
        var pending = Pending(ref t_pending, output.Length + Lanes);
        int count = CollectRejected(output, pending);
        Span<float> candidates = stackalloc float[Lanes];
        for (int attempt = 1; attempt < MaxAttempts && count > 0; attempt++)
        {
            // Pad the list to whole batches by repeating the last position; the extra lanes are discarded.
            pending.Slice(count, Lanes).Fill(pending[count - 1]);
            for (int start = 0; start < count; start += Lanes)
            {
                Retry(_retries[attempt], firstGroup, Vector512.Create<int>(pending.Slice(start, Lanes)), candidates);
                int n = Math.Min(Lanes, count - start);
                for (int i = 0; i < n; i++)
                    output[pending[start + i]] = candidates[i];
            }
            int still = 0;
            for (int i = 0; i < count; i++)
                if (!Accepted(output[pending[i]]))
                    pending[still++] = pending[i];
            count = still;
        }
        for (int i = 0; i < count; i++)
            output[pending[i]] = (float)_inversion.FromUniform((words[pending[i]] + 0.5) / 4294967296.0);
    }

    /// <summary>Recomputes, from <paramref name="retry"/>, the normal values at 16 chunk positions.</summary>
    void Retry(RandomStream retry, long firstGroup, Vector512<int> positions, Span<float> candidates)
    {
        // Position q of group g comes from block 16g + (q mod 16): words 0 (radius) and 1 (angle) for
        // q < 32, words 2 and 3 for q ≥ 32; q mod 32 < 16 takes the cosine, otherwise the sine.
        var p = positions.AsUInt32();
        var local = ((p >>> 6) << 4) | (p & Vector512.Create(15u));
        var origin = Vector512.Create((ulong)firstGroup * Philox4x32.BlocksPerGroup);
        var (low, high) = Vector512.Widen(local);
        var (x0, x1, x2, x3) = Philox4x32.SixteenBlocks(retry, origin + low, origin + high);
        var second = Vector512.Equals(p & Vector512.Create(32u), Vector512.Create(32u));
        var (cos, sin) = NormalSingleKernel.StandardPair(Vector512.ConditionalSelect(second, x2, x0), Vector512.ConditionalSelect(second, x3, x1));
        var sine = Vector512.Equals(p & Vector512.Create(16u), Vector512.Create(16u)).AsSingle();
        Vector512.FusedMultiplyAdd(Vector512.Create(_std), Vector512.ConditionalSelect(sine, sin, cos), Vector512.Create(_mean)).CopyTo(candidates);
    }

    [ThreadStatic] static int[]? t_pending;

    static Span<int> Pending(ref int[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new int[length];
        return buffer.AsSpan(0, length);
    }

    bool Accepted(float x) => x >= _lowest && x <= _highest;

    int CollectRejected(ReadOnlySpan<float> values, Span<int> pending)
    {
        var lo = Vector512.Create(_lowest);
        var hi = Vector512.Create(_highest);
        int count = 0;
        for (int i = 0; i < values.Length; i += Vector512<float>.Count)
        {
            var x = Vector512.Create(values.Slice(i, Vector512<float>.Count));
            ulong mask = (Vector512.LessThan(x, lo) | Vector512.GreaterThan(x, hi)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                pending[count++] = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }
        }
        return count;
    }
}
