using InitLab.Random;

namespace InitLab.Data;

/// <summary>Long-tailed subsets and the three classic remedies for class imbalance: class weights, random oversampling and SMOTE.</summary>
/// <remarks>
/// Every random choice is an <see cref="IndexKey"/> of a named stream, so the results are pure functions of the seed and the
/// data: the same on any thread count, and a resumed run rebuilds the same set.
/// </remarks>
public static class Rebalancing
{
    /// <summary>The per-class counts of the long-tailed profile: n_c = max(1, ⌊N_c·ρ^(−c/(C−1))⌋) for class c of C, N_c its count.</summary>
    /// <remarks>The exponential profile of Cui et al. 2019 ("Class-balanced loss based on effective number of samples"): class 0 keeps
    /// all its images, the last class 1/ρ of them, and the counts fall geometrically in between.</remarks>
    /// <exception cref="ArgumentException">ρ is not finite and ≥ 1.</exception>
    public static int[] LongTailCounts(IReadOnlyList<int> classCounts, double ratio)
    {
        ArgumentNullException.ThrowIfNull(classCounts);
        if (!(ratio >= 1) || !double.IsFinite(ratio))
            throw new ArgumentException($"--imbalance = {ratio} is not allowed; it must be finite and ≥ 1 (the ratio of the largest to the smallest class).");
        int classes = classCounts.Count;
        return [.. classCounts.Select((n, c) => classes == 1 ? n : Math.Min(n, Math.Max(1, (int)Math.Floor(n * Math.Pow(ratio, -(double)c / (classes - 1)))))) ];
    }

    /// <summary>The images of the long-tailed subset, ascending: in each class c the n_c images with the smallest keys of the stream <c>imbalance</c>.</summary>
    /// <exception cref="ArgumentException">ρ is not finite and ≥ 1.</exception>
    public static int[] LongTail(Dataset train, ulong seed, double ratio)
    {
        ArgumentNullException.ThrowIfNull(train);
        var keep = LongTailCounts(train.ClassCounts(), ratio);
        var stream = new RandomStream(seed, "imbalance");
        var labels = train.Labels.ToArray();
        return [.. Enumerable.Range(0, train.Count)
            .GroupBy(i => labels[i])
            .SelectMany(g => g.OrderBy(i => IndexKey.Of(stream, i)).ThenBy(i => i).Take(keep[g.Key]))
            .Order()];
    }

    /// <summary>The "balanced" class weights w_c = n/(C·n_c) (scikit-learn's <c>class_weight="balanced"</c>; King &amp; Zeng 2001); 0 for an empty class.</summary>
    public static float[] BalancedWeights(IReadOnlyList<int> classCounts)
    {
        ArgumentNullException.ThrowIfNull(classCounts);
        long n = classCounts.Sum(c => (long)c);
        return [.. classCounts.Select(c => c == 0 ? 0f : (float)((double)n / (classCounts.Count * (double)c)))];
    }

    /// <summary>Random oversampling: every image once, plus for each class c with n_c &lt; n_max the extra images k = 0 … n_max − n_c − 1 drawn with replacement from the class.</summary>
    /// <remarks>Extra k of class c is the class's ⌊w·n_c/2³²⌋-th image (ascending order), w the first word of the block (k, c) of the stream <c>oversample</c>.</remarks>
    public static int[] Oversample(Dataset train, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        var byClass = ByClass(train);
        int largest = byClass.Max(c => c.Length);
        var stream = new RandomStream(seed, "oversample");
        var result = new List<int>(Enumerable.Range(0, train.Count));
        for (int c = 0; c < byClass.Length; c++)
            for (int k = 0; byClass[c].Length > 0 && k < largest - byClass[c].Length; k++)
                result.Add(byClass[c][IndexKey.Below(IndexKey.Block(stream, k, (uint)c).Item1, byClass[c].Length)]);
        return [.. result];
    }

    /// <summary>SMOTE (Chawla et al. 2002): adds synthetic images to every class smaller than the largest, until all have n_max.</summary>
    /// <remarks>
    /// Synthetic image k of class c: with (w₀, w₁, w₂) the block (k, c) of the stream <c>smote</c>, the base image is
    /// x = the class's ⌊w₀·n_c/2³²⌋-th, its neighbour x̂ the ⌊w₁·K/2³²⌋-th of x's K = min(k, n_c − 1) nearest images of the class
    /// (squared Euclidean distance of the pixel vectors, ties by index), and the image is x + λ·(x̂ − x), λ = w₂/2³², rounded to
    /// the nearest 8-bit pixel value (halves away from zero), the form the dataset stores. A class with one image gets copies of it.
    /// </remarks>
    /// <exception cref="ArgumentException">k is below 1.</exception>
    public static Dataset Smote(Dataset train, ulong seed, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (neighbours < 1)
            throw new ArgumentException($"--smote = {neighbours} is not allowed; the number of neighbours must be ≥ 1.");
        var byClass = ByClass(train);
        int largest = byClass.Max(c => c.Length), size = train.ImageSize;
        var pixels = train.Pixels;
        var stream = new RandomStream(seed, "smote");
        var extraPixels = new List<byte>();
        var extraLabels = new List<byte>();
        for (int c = 0; c < byClass.Length; c++)
        {
            var members = byClass[c];
            int missing = largest - members.Length;
            if (members.Length == 0 || missing == 0)
                continue;
            int k = Math.Min(neighbours, members.Length - 1);
            var nearest = new Dictionary<int, int[]>();
            var synthetic = new byte[size];
            for (int s = 0; s < missing; s++)
            {
                var (w0, w1, w2, _) = IndexKey.Block(stream, s, (uint)c);
                int baseAt = IndexKey.Below(w0, members.Length);
                var x = pixels.Slice(members[baseAt] * size, size);
                if (k == 0)
                    x.CopyTo(synthetic);
                else
                {
                    if (!nearest.TryGetValue(baseAt, out var near))
                        nearest[baseAt] = near = Nearest(pixels, size, members, baseAt, k);
                    var neighbour = pixels.Slice(near[IndexKey.Below(w1, k)] * size, size);
                    double lambda = w2 / 4294967296.0;
                    for (int i = 0; i < size; i++)
                        synthetic[i] = (byte)Math.Round(x[i] + lambda * (neighbour[i] - x[i]), MidpointRounding.AwayFromZero);
                }
                extraPixels.AddRange(synthetic);
                extraLabels.Add((byte)c);
            }
        }
        return train.Append([.. extraPixels], [.. extraLabels], train.Name + " (SMOTE)");
    }

    /// <summary>The image indices of <paramref name="members"/>' K nearest to member <paramref name="at"/>, itself excluded, ties by index.</summary>
    static int[] Nearest(ReadOnlySpan<byte> pixels, int size, int[] members, int at, int k)
    {
        var x = pixels.Slice(members[at] * size, size);
        var distances = new (long Distance, int Index)[members.Length - 1];
        for (int m = 0, d = 0; m < members.Length; m++)
        {
            if (m == at)
                continue;
            var y = pixels.Slice(members[m] * size, size);
            long sum = 0;
            for (int i = 0; i < size; i++)
            {
                int diff = x[i] - y[i];
                sum += diff * diff;
            }
            distances[d++] = (sum, members[m]);
        }
        Array.Sort(distances);
        return [.. distances.Take(k).Select(t => t.Index)];
    }

    static int[][] ByClass(Dataset train)
    {
        var labels = train.Labels.ToArray();
        return [.. Enumerable.Range(0, train.Classes).Select(c => Enumerable.Range(0, train.Count).Where(i => labels[i] == c).ToArray())];
    }
}
