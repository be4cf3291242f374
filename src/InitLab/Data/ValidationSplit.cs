using System.Globalization;
using InitLab.Random;

namespace InitLab.Data;

/// <summary>Carves a validation split out of a training set: which images are held out is a pure function of (seed, index).</summary>
/// <remarks>
/// Image i gets the 64-bit key k_i = w₀ + 2³²·w₁, the first two words of the Philox4x32-10 block with counter
/// (i, 0, H₀, H₁) and key (seed low, seed high), where H is the name hash of the stream <c>validation-split</c> (docs/random.md).
/// The v = round(f·n) images with the smallest keys (ties, which are vanishingly rare, broken by the smaller index) form the
/// validation split and the other n − v the training split, each in ascending index order. Since a key depends only on the seed
/// and the index, the split does not depend on the thread count, on the batch size or on anything else in the run
/// (Keras' <c>validation_split</c> takes the last images instead, which for a file sorted by class would hold out whole classes).
/// docs/data.md restates it.
/// </remarks>
public static class ValidationSplit
{
    /// <summary>The name of the stream the keys come from.</summary>
    public const string StreamName = "validation-split";

    /// <summary>Images held out of <paramref name="count"/> for the fraction <paramref name="fraction"/>: round(f·n), halves away from zero.</summary>
    /// <exception cref="ArgumentException">The fraction is not in (0, 1), or it leaves either split empty.</exception>
    public static int Size(int count, double fraction)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentException($"--val = {Format(fraction)} is not allowed; it must be in (0, 1).");
        int size = (int)Math.Round(fraction * count, MidpointRounding.AwayFromZero);
        if (size < 1 || size >= count)
            throw new ArgumentException(
                $"--val = {Format(fraction)} holds out {size} of {count} training images; both the validation and the training split need at least one.");
        return size;
    }

    /// <summary>The key k_i of image <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static ulong Key(ulong seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return IndexKey.Of(new RandomStream(seed, StreamName), index);
    }

    /// <summary>The indices of the training and the validation images, each ascending.</summary>
    /// <exception cref="ArgumentException">The fraction is not in (0, 1), or it leaves either split empty.</exception>
    public static (int[] Train, int[] Validation) Indices(ulong seed, int count, double fraction)
    {
        int size = Size(count, fraction);
        var keys = new (ulong Key, int Index)[count];
        for (int i = 0; i < count; i++)
            keys[i] = (Key(seed, i), i);
        Array.Sort(keys);
        var held = new bool[count];
        for (int k = 0; k < size; k++)
            held[keys[k].Index] = true;
        var train = new int[count - size];
        var validation = new int[size];
        for (int i = 0, t = 0, v = 0; i < count; i++)
        {
            if (held[i])
                validation[v++] = i;
            else
                train[t++] = i;
        }
        return (train, validation);
    }

    /// <summary>Splits <paramref name="train"/> into the images trained on and the validation images, both normalized like <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">The fraction is not in (0, 1), or it leaves either split empty.</exception>
    public static (Dataset Train, Dataset Validation) Split(Dataset train, ulong seed, double fraction)
    {
        ArgumentNullException.ThrowIfNull(train);
        var (kept, held) = Indices(seed, train.Count, fraction);
        return (train.Subset(kept, train.Name), train.Subset(held, train.Name + " (validation)"));
    }

    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
