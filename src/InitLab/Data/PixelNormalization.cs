using InitLab.Validation;

namespace InitLab.Data;

/// <summary>How 8-bit pixels become float32 inputs: x = (p/255 − Mean)/Std.</summary>
/// <remarks>
/// Each of the 256 possible values is computed once in float64 and rounded to float32, so a pixel's
/// input value is exact and the same on every machine. <see cref="UnitInterval"/> maps pixels to [0, 1];
/// <see cref="Standardize"/> gives the training split mean 0 and standard deviation 1
/// (Fashion-MNIST's 60,000 training images: mean 0.286041, std 0.353024).
/// </remarks>
public sealed record PixelNormalization
{
    /// <summary>Creates x = (p/255 − <paramref name="mean"/>)/<paramref name="std"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">mean is not finite, or std is not finite and positive.</exception>
    public PixelNormalization(double mean, double std)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(std, nameof(std));
        Mean = mean;
        Std = std;
    }

    /// <summary>The value subtracted from p/255.</summary>
    public double Mean { get; }

    /// <summary>The divisor applied after subtracting <see cref="Mean"/>.</summary>
    public double Std { get; }

    /// <summary>x = p/255 ∈ [0, 1].</summary>
    public static PixelNormalization UnitInterval { get; } = new(0, 1);

    /// <summary>Mean and population standard deviation of p/255 over <paramref name="pixels"/>, exact in float64.</summary>
    /// <exception cref="ArgumentException">There are no pixels, or every pixel has the same value.</exception>
    public static PixelNormalization Standardize(ReadOnlySpan<byte> pixels)
    {
        if (pixels.IsEmpty)
            throw new ArgumentException("cannot standardize an empty set of pixels.", nameof(pixels));
        Span<long> histogram = stackalloc long[256];
        foreach (byte p in pixels)
            histogram[p]++;
        double mean = 0;
        for (int v = 0; v < 256; v++)
            mean += histogram[v] * (v / 255.0);
        mean /= pixels.Length;
        double variance = 0;
        for (int v = 0; v < 256; v++)
            variance += histogram[v] * Math.Pow(v / 255.0 - mean, 2);
        variance /= pixels.Length;
        if (!(variance > 0))
            throw new ArgumentException($"all {pixels.Length} pixels have the same value, so their standard deviation is 0; use UnitInterval instead.", nameof(pixels));
        return new PixelNormalization(mean, Math.Sqrt(variance));
    }

    /// <summary>The float32 input value of each pixel value 0 … 255.</summary>
    internal float[] Table()
    {
        var table = new float[256];
        for (int v = 0; v < 256; v++)
            table[v] = (float)((v / 255.0 - Mean) / Std);
        return table;
    }
}

/// <summary>Which <see cref="PixelNormalization"/> a data source applies.</summary>
public enum PixelScaling
{
    /// <summary>Mean 0 and std 1 over the training split (<see cref="PixelNormalization.Standardize"/>), applied to both splits.</summary>
    Standardize,

    /// <summary>p/255 ∈ [0, 1] (<see cref="PixelNormalization.UnitInterval"/>).</summary>
    UnitInterval,
}
