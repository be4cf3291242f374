using InitLab.Random;

namespace InitLab.Numerics;

/// <summary>Sample moments and extremes of a buffer, accumulated in float64.</summary>
/// <param name="Count">Number of elements.</param>
/// <param name="Mean">Sample mean.</param>
/// <param name="Std">Sample standard deviation with Bessel's correction (n − 1), as torch.std.</param>
/// <param name="Min">Smallest element.</param>
/// <param name="Max">Largest element.</param>
public readonly record struct SampleStats(long Count, double Mean, double Std, double Min, double Max)
{
    /// <summary>Computes the statistics of <paramref name="values"/> (float, double, Half or BFloat16).</summary>
    public static SampleStats Of<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (values.IsEmpty)
            return new SampleStats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        // Welford's update keeps the variance exact to rounding even when |mean| ≫ std.
        double mean = 0, m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            double x = ToDouble(values[i]);
            double delta = x - mean;
            mean += delta / (i + 1);
            m2 += delta * (x - mean);
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }
        double std = values.Length > 1 ? Math.Sqrt(m2 / (values.Length - 1)) : 0;
        return new SampleStats(values.Length, mean, std, min, max);
    }

    /// <summary>The mean and the sum of squared deviations Σ(x − mean)² of <paramref name="values"/>, in two passes with float64 accumulators (exact to rounding even when |mean| ≫ std).</summary>
    /// <remarks>Both are NaN for an empty span.</remarks>
    internal static (double Mean, double SquaredDeviations) TwoPass(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
            sum += v;
        double mean = sum / values.Length, squares = 0;
        foreach (float v in values)
            squares += (v - mean) * (v - mean);
        return (mean, squares);
    }

    /// <summary>E[x²] = Σx²/n of <paramref name="values"/>, accumulated in float64 (NaN for an empty span).</summary>
    /// <remarks>A float32 sum of squares rounds differently for each vector width; this one is the same on every CPU.</remarks>
    internal static double SecondMoment(ReadOnlySpan<float> values)
    {
        double squares = 0;
        foreach (float v in values)
            squares += (double)v * v;
        return squares / values.Length;
    }

    static double ToDouble<T>(T value)
    {
        if (typeof(T) == typeof(float)) return (float)(object)value!;
        if (typeof(T) == typeof(double)) return (double)(object)value!;
        if (typeof(T) == typeof(Half)) return (double)(Half)(object)value!;
        if (typeof(T) == typeof(BFloat16)) return ((BFloat16)(object)value!).ToSingle();
        throw FillEngine.Unsupported<T>();
    }
}
