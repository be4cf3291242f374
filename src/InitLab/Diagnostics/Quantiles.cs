namespace InitLab.Diagnostics;

/// <summary>Exact sample quantiles by selection, without sorting the whole sample.</summary>
/// <remarks>
/// Quantile p of n values is x₍ₕ₎ interpolated linearly at h = (n − 1)·p between the order statistics ⌊h⌋ and ⌊h⌋ + 1
/// (NumPy's default <c>linear</c> method, Hyndman &amp; Fan type 7). Each order statistic is found by Hoare's
/// quickselect on the part of the buffer not yet settled, so five quantiles cost a few passes instead of an O(n log n) sort.
/// </remarks>
public static class Quantiles
{
    /// <summary>The quantiles <paramref name="probabilities"/> (each in [0, 1], ascending) of <paramref name="values"/>; NaN for an empty sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A probability is outside [0, 1] or they do not ascend.</exception>
    public static double[] Of(ReadOnlySpan<float> values, ReadOnlySpan<double> probabilities)
    {
        for (int i = 0; i < probabilities.Length; i++)
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1) || i > 0 && probabilities[i] < probabilities[i - 1])
                throw Validation.Guard.OutOfRange(nameof(probabilities), probabilities[i], "each must lie in [0, 1], in ascending order");
        var result = new double[probabilities.Length];
        if (values.IsEmpty)
        {
            Array.Fill(result, double.NaN);
            return result;
        }
        float[] work = values.ToArray();
        int settled = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double h = (work.Length - 1) * probabilities[i];
            int k = (int)Math.Floor(h);
            double lower = Select(work, settled, k);
            settled = k;
            double upper = k + 1 < work.Length ? Min(work.AsSpan(k + 1)) : lower;
            result[i] = lower + (h - k) * (upper - lower);
        }
        return result;
    }

    /// <summary>Rearranges work[from..] so that work[k] holds the k-th smallest value of work (given work[..from] ≤ work[from..]).</summary>
    static float Select(float[] work, int from, int k)
    {
        int left = from, right = work.Length - 1;
        while (left < right)
        {
            float pivot = Median3(work[left], work[left + (right - left) / 2], work[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (work[i] < pivot) i++;
                while (work[j] > pivot) j--;
                if (i <= j)
                {
                    (work[i], work[j]) = (work[j], work[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else break;
        }
        return work[k];
    }

    static float Median3(float a, float b, float c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    static float Min(ReadOnlySpan<float> values) => System.Numerics.Tensors.TensorPrimitives.Min(values);
}
