using System.Globalization;
using InitLab.Random;

namespace InitLab.Data;

/// <summary>The per-epoch shuffle: a permutation that is a pure function of (seed, epoch, count).</summary>
/// <remarks>
/// The words come from the stream <c>RandomStream(seed, "shuffle/epoch{epoch}")</c> (docs/random.md),
/// paired into 64-bit values r_k = words[2k] + 2³²·words[2k+1]. Starting from the identity, Fisher–Yates
/// (Durstenfeld 1964) runs i = n − 1 down to 1 with k = n − 1 − i and swaps p[i] with p[j],
/// j = ⌊r_k·(i + 1)/2⁶⁴⌋ (Lemire's multiply-shift; its bias is below (i + 1)/2⁶⁴ per draw).
/// It runs on one thread, so it cannot depend on the thread count; docs/data.md restates it.
/// </remarks>
public static class Shuffle
{
    /// <summary>The stream name of epoch <paramref name="epoch"/>: <c>shuffle/epoch{epoch}</c>.</summary>
    public static string StreamName(int epoch) => "shuffle/epoch" + epoch.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the permutation of 0 … destination.Length − 1 for (<paramref name="seed"/>, <paramref name="epoch"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public static void Permutation(ulong seed, int epoch, Span<int> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        int n = destination.Length;
        for (int i = 0; i < n; i++)
            destination[i] = i;
        if (n < 2)
            return;
        long words = 2L * (n - 1);
        int groups = checked((int)((words + Philox4x32.WordsPerGroup - 1) / Philox4x32.WordsPerGroup));
        var random = new uint[groups * Philox4x32.WordsPerGroup];
        Philox4x32.GenerateGroups(new RandomStream(seed, StreamName(epoch)), 0, groups, random);
        for (int i = n - 1, k = 0; i >= 1; i--, k++)
        {
            ulong r = random[2 * k] | (ulong)random[2 * k + 1] << 32;
            int j = (int)Math.BigMul(r, (ulong)(i + 1), out _);
            (destination[i], destination[j]) = (destination[j], destination[i]);
        }
    }

    /// <summary>The permutation of 0 … <paramref name="count"/> − 1 for (<paramref name="seed"/>, <paramref name="epoch"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="epoch"/> is negative.</exception>
    public static int[] Permutation(ulong seed, int epoch, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new int[count];
        Permutation(seed, epoch, result);
        return result;
    }
}
