using InitLab.Validation;

namespace InitLab.Init;

/// <summary>Checks and formats weight shapes.</summary>
internal static class Shapes
{
    /// <summary>The element count of <paramref name="shape"/> (1 for rank 0).</summary>
    public static long Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    /// <summary>Every dimension is ≥ 1 and the shape holds exactly <paramref name="length"/> elements.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    /// <exception cref="ArgumentException">The shape's element count differs from the destination length.</exception>
    public static void Check(ReadOnlySpan<int> shape, int length)
    {
        for (int i = 0; i < shape.Length; i++)
            if (shape[i] <= 0)
                throw Guard.OutOfRange($"shape[{i}]", shape[i], $"every dimension of [{Format(shape)}] must be ≥ 1");
        if (Count(shape) != length)
            throw new ArgumentException($"shape = [{Format(shape)}] holds {Count(shape)} elements but the destination has {length}.", nameof(shape));
    }

    /// <summary>Requires a rank in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException">The rank is outside the range.</exception>
    public static void Rank(ReadOnlySpan<int> shape, int min, int max, string scheme)
    {
        if (shape.Length < min || shape.Length > max)
        {
            string allowed = min == max ? $"{min}" : max == int.MaxValue ? $"≥ {min}" : $"{min}–{max}";
            throw new ArgumentException($"shape = [{Format(shape)}] has rank {shape.Length}; {scheme} needs rank {allowed}.", nameof(shape));
        }
    }

    public static string Format(ReadOnlySpan<int> shape) => string.Join(", ", shape.ToArray());
}
