using System.Runtime.Intrinsics;

namespace InitLab.Random;

/// <summary>
/// Truncated normal for float-family outputs when the bounds keep most of the mass: attempt 0 is the
/// float32 normal stream itself; a value outside [lowest, highest] is replaced by the same position of
/// attempt j's stream (the sub-stream <c>"retry{j}"</c>), j = 1, 2, …. The first accepted value is an
/// exact draw from the truncated normal, and it depends only on the stream index.
/// </summary>
/// <remarks>
/// After <see cref="MaxAttempts"/> rejections (probability (1 − mass)^32 ≤ 2⁻⁶⁴ at the mass this kernel
/// is used for) the value falls back to inversion with the attempt-0 word as a 32-bit uniform.
/// </remarks>
internal readonly struct TruncatedNormalRejectionKernel : IStreamKernel<float>
{
    /// <summary>The smallest mass Φ(β) − Φ(α) for which rejection beats inversion.</summary>
    public const double MinimumMass = 0.75;

    const int MaxAttempts = 32;

    readonly NormalSingleKernel _normal;
    readonly float _lowest, _highest;
    readonly RandomStream[] _retries;
    readonly TruncatedNormalKernel _inversion;

    public TruncatedNormalRejectionKernel(RandomStream stream, double mean, double std, double lowest, double highest, TruncatedNormalKernel inversion)
    {
        _normal = new NormalSingleKernel((float)mean, (float)std);
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
        int groups = output.Length / Philox4x32.WordsPerGroup;
        Span<bool> rejected = stackalloc bool[groups];
        Span<uint> groupWords = stackalloc uint[Philox4x32.WordsPerGroup];
        Span<float> groupValues = stackalloc float[Philox4x32.WordsPerGroup];
        for (int attempt = 1; attempt < MaxAttempts; attempt++)
        {
            int count = MarkRejectedGroups(output, rejected);
            if (count == 0)
                return;
            if (count * 4 >= groups)
            {
                // Most groups need this attempt: draw the whole chunk at once (wide Philox, one pass).
                var retryWords = Scratch(ref t_words, words.Length);
                var retryValues = Scratch(ref t_values, output.Length);
                Philox4x32.GenerateGroups(_retries[attempt], firstGroup, groups, retryWords);
                _normal.Transform(retryWords, retryValues, firstGroup);
                ReplaceRejected(output, retryValues);
                continue;
            }
            for (int g = 0; g < groups; g++)
            {
                if (!rejected[g]) continue;
                Philox4x32.GenerateGroups(_retries[attempt], firstGroup + g, 1, groupWords);
                _normal.Transform(groupWords, groupValues, firstGroup + g);
                ReplaceRejected(output.Slice(g * Philox4x32.WordsPerGroup, Philox4x32.WordsPerGroup), groupValues);
            }
        }
        for (int i = 0; i < output.Length; i++)
            if (!(output[i] >= _lowest && output[i] <= _highest))
                output[i] = (float)_inversion.FromUniform((words[i] + 0.5) / 4294967296.0);
    }

    [ThreadStatic] static uint[]? t_words;
    [ThreadStatic] static float[]? t_values;

    static Span<TItem> Scratch<TItem>(ref TItem[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new TItem[length];
        return buffer.AsSpan(0, length);
    }

    int MarkRejectedGroups(ReadOnlySpan<float> values, Span<bool> rejected)
    {
        var lo = Vector256.Create(_lowest);
        var hi = Vector256.Create(_highest);
        int count = 0;
        for (int g = 0; g < rejected.Length; g++)
        {
            var bad = Vector256<float>.Zero;
            var group = values.Slice(g * Philox4x32.WordsPerGroup, Philox4x32.WordsPerGroup);
            for (int i = 0; i < group.Length; i += Vector256<float>.Count)
            {
                var x = Vector256.Create(group.Slice(i, Vector256<float>.Count));
                bad |= Vector256.LessThan(x, lo) | Vector256.GreaterThan(x, hi);
            }
            rejected[g] = bad != Vector256<float>.Zero;
            count += rejected[g] ? 1 : 0;
        }
        return count;
    }

    void ReplaceRejected(Span<float> values, ReadOnlySpan<float> candidates)
    {
        var lo = Vector256.Create(_lowest);
        var hi = Vector256.Create(_highest);
        for (int i = 0; i < values.Length; i += Vector256<float>.Count)
        {
            var x = Vector256.Create(values.Slice(i, Vector256<float>.Count));
            var bad = Vector256.LessThan(x, lo) | Vector256.GreaterThan(x, hi);
            Vector256.ConditionalSelect(bad, Vector256.Create(candidates.Slice(i, Vector256<float>.Count)), x).CopyTo(values.Slice(i));
        }
    }
}
