using System.Numerics.Tensors;

namespace InitLab.IO;

/// <summary>Checks that loaded numbers are finite, and says which tensor and which element is not.</summary>
public static class FiniteValues
{
    /// <summary>Throws if <paramref name="values"/> holds a NaN or ±∞, naming the tensor, the first bad element's flat and multi-dimensional index, and the source.</summary>
    /// <param name="values">The tensor's values, row-major.</param>
    /// <param name="tensor">The tensor's name.</param>
    /// <param name="shape">Its shape, for the multi-dimensional index.</param>
    /// <param name="source">The file it came from.</param>
    /// <exception cref="InvalidDataException">A value is not finite.</exception>
    public static void Require(ReadOnlySpan<float> values, string tensor, ReadOnlySpan<int> shape, string source)
    {
        // One vectorized pass over |x|: NaN and ±∞ both survive the max, and the common all-finite case costs one read.
        if (values.IsEmpty || float.IsFinite(TensorPrimitives.MaxMagnitude(values)))
            return;
        int bad = 0;
        while (float.IsFinite(values[bad]))
            bad++;
        var index = new int[shape.Length];
        for (int d = shape.Length - 1, rest = bad; d >= 0; d--)
        {
            index[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        int count = CountBad(values);
        throw new InvalidDataException($"'{source}': tensor '{tensor}' has {Describe(values[bad])} at index [{string.Join(", ", index)}] (flat {bad}" +
                                       $"{(count > 1 ? $"; {count} of its {values.Length} values are not finite" : "")}).");
    }

    static int CountBad(ReadOnlySpan<float> values)
    {
        int count = 0;
        foreach (float v in values)
            count += float.IsFinite(v) ? 0 : 1;
        return count;
    }

    static string Describe(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "−∞";
}
