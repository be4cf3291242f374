using System.Globalization;
using InitLab.Random;

namespace InitLab.Data;

/// <summary>Restricts a dataset to some of its classes (<c>--classes</c>), relabelled 0 … k − 1, and the training set to N images per class (<c>--per-class</c>).</summary>
/// <remarks>
/// <para>
/// <c>--classes 5,6,7,8,9</c> keeps the training and test images of those classes; class <c>classes[j]</c> becomes label j, in
/// the order given, so a model ending in k outputs fits and <c>--classes 0-4</c> then <c>--classes 5-9</c> give heads of the
/// same shape (the transfer experiment, docs/results.md).
/// </para>
/// <para>
/// <c>--per-class N</c> keeps, in each class of the training set, the N images with the smallest keys k_i of the stream
/// <c>per-class</c>, k_i = w₀ + 2³²·w₁ of the Philox4x32-10 block at counter (i, 0, H₀, H₁) and key (seed low, seed high),
/// i the image's index in the training file (ties, vanishingly rare, by the smaller index): <see cref="ValidationSplit"/>'s
/// construction with its own stream. The choice is a pure function of (seed, i), so it does not depend on the thread count,
/// the batch or <c>--classes</c>: class 5's 100 images are the same with <c>--classes 5-9</c> and without. The test set is
/// kept whole (every test image of the kept classes). The pixel normalization stays the one of the full training split.
/// </para>
/// </remarks>
public static class ClassSubset
{
    /// <summary>The name of the stream <c>--per-class</c> draws from.</summary>
    public const string StreamName = "per-class";

    /// <summary>Parses a <c>--classes</c> list: comma-separated labels and inclusive ranges, e.g. <c>0-4</c>, <c>5,6,7,8,9</c>, <c>0-2,7</c>.</summary>
    /// <exception cref="ArgumentException">An item is not a label or range in 0 … 255, a label repeats, or fewer than two classes are named.</exception>
    public static int[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var classes = new List<int>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            int dash = item.IndexOf('-');
            if (dash > 0 && Label(item[..dash]) is int from && Label(item[(dash + 1)..]) is int to && from <= to)
                classes.AddRange(Enumerable.Range(from, to - from + 1));
            else if (dash < 0 && Label(item) is int single)
                classes.Add(single);
            else
                throw new ArgumentException($"--classes = '{text}': '{item}' is not a label 0 … 255 or a range A-B with A ≤ B; give e.g. 0-4 or 5,6,7,8,9.");
        }
        return Check(classes);
    }

    /// <summary>Checks a class list: labels 0 … 255, no repeats, at least two.</summary>
    /// <exception cref="ArgumentException">The list breaks one of these.</exception>
    public static int[] Check(IReadOnlyList<int> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        string text = string.Join(",", classes);
        if (classes.FirstOrDefault(c => c is < 0 or > 255, -1) is var bad and not -1)
            throw new ArgumentException($"--classes = {text}: {bad} is not a label 0 … 255.");
        if (classes.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw new ArgumentException($"--classes = {text} names class {repeated.Key} twice; each class becomes one label.");
        if (classes.Count < 2)
            throw new ArgumentException($"--classes = {text} keeps {classes.Count} class; a classifier needs at least two.");
        return [.. classes];
    }

    static int? Label(string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v <= 255 ? v : null;

    /// <summary>The key k_i of training image <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static ulong Key(ulong seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return IndexKey.Of(new RandomStream(seed, StreamName), index);
    }

    /// <summary>The training images kept, ascending: those of <paramref name="classes"/> (all when null), at most the <paramref name="perClass"/> of smallest key in each.</summary>
    /// <exception cref="ArgumentException">A class is not in the dataset, or has fewer than <paramref name="perClass"/> images.</exception>
    public static int[] Indices(Dataset train, IReadOnlyList<int>? classes, int? perClass, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        var kept = classes ?? [.. Enumerable.Range(0, train.Classes)];
        RequireClasses(train, kept);
        var wanted = new bool[256];
        foreach (int c in kept)
            wanted[c] = true;
        var labels = train.Labels.ToArray();
        var members = Enumerable.Range(0, train.Count).Where(i => wanted[labels[i]]);
        if (perClass is not int n)
            return [.. members];
        if (n < 1)
            throw new ArgumentException($"--per-class = {n} is not allowed; it must be ≥ 1.");
        var stream = new RandomStream(seed, StreamName);
        var groups = members.GroupBy(i => labels[i]).ToDictionary(g => (int)g.Key, g => g.ToList());
        foreach (int c in kept)
        {
            int have = groups.TryGetValue(c, out var g) ? g.Count : 0;
            if (have < n)
                throw new ArgumentException($"--per-class = {n}: class {c} of {train.Name} has only {have} images.");
        }
        return [.. groups.Values.SelectMany(g => g.OrderBy(i => IndexKey.Of(stream, i)).ThenBy(i => i).Take(n)).Order()];
    }

    /// <summary>The splits restricted to <paramref name="classes"/> (relabelled by position) with <paramref name="perClass"/> training images per class; the splits themselves when both are null.</summary>
    /// <exception cref="ArgumentException">A class is not in the data, or has fewer than <paramref name="perClass"/> training images.</exception>
    public static DataSplits Apply(DataSplits data, IReadOnlyList<int>? classes, int? perClass, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (classes is null && perClass is null)
            return data;
        string suffix = (classes is null ? "" : $" (classes {string.Join(",", classes)})") + (perClass is int n ? $" ({n} per class)" : "");
        var train = Relabel(data.Train.Subset(Indices(data.Train, classes, perClass, seed), data.Train.Name + suffix), classes);
        var test = classes is null ? data.Test : Relabel(data.Test.Subset(Indices(data.Test, classes, null, seed), data.Test.Name + suffix), classes);
        return data with { Train = train, Test = test };
    }

    static Dataset Relabel(Dataset dataset, IReadOnlyList<int>? classes)
    {
        if (classes is null)
            return dataset;
        var map = new byte[256];
        for (int j = 0; j < classes.Count; j++)
            map[classes[j]] = (byte)j;
        return dataset.Relabel(map, classes.Count);
    }

    static void RequireClasses(Dataset data, IReadOnlyList<int> classes)
    {
        if (classes.FirstOrDefault(c => c >= data.Classes, -1) is var missing and not -1)
            throw new ArgumentException($"--classes names class {missing}, but {data.Name} has classes 0 … {data.Classes - 1}.");
    }
}
