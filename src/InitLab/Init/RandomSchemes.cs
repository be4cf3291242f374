using InitLab.Random;

namespace InitLab.Init;

/// <summary>U[low, high).</summary>
/// <remarks>
/// PyTorch <c>uniform_(a=0, b=1)</c>; Keras <c>RandomUniform(−0.05, 0.05)</c>; JAX <c>uniform(scale=0.01)</c> = U[0, 0.01).
/// The registry applies the flavor's defaults; the record always states both bounds.
/// </remarks>
public sealed record Uniform : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="low">Inclusive lower bound; finite.</param>
    /// <param name="high">Exclusive upper bound; finite and &gt; low.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or low ≥ high.</exception>
    public Uniform(double low, double high)
    {
        Element = Distribution.Uniform(low, high);
        Low = low;
        High = high;
    }

    /// <summary>Inclusive lower bound.</summary>
    public double Low { get; }

    /// <summary>Exclusive upper bound.</summary>
    public double High { get; }

    UniformDistribution Element { get; }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context) => InitTheory.Of(Element);
}

/// <summary>N(mean, std²), untruncated.</summary>
/// <remarks>PyTorch <c>normal_(0, 1)</c>; Keras <c>RandomNormal(0, 0.05)</c>; JAX <c>normal(stddev=0.01)</c>.</remarks>
public sealed record Normal : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="mean">The mean; finite.</param>
    /// <param name="std">The standard deviation; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">mean is not finite, or std is not finite and positive.</exception>
    public Normal(double mean, double std)
    {
        Element = Distribution.Normal(mean, std);
        Mean = mean;
        Std = std;
    }

    /// <summary>The mean.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation.</summary>
    public double Std { get; }

    NormalDistribution Element { get; }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context) => InitTheory.Of(Element);
}

/// <summary>N(mean, std²) restricted to the absolute bounds [low, high], by exact sampling.</summary>
/// <remarks>
/// Bounds are absolute, as PyTorch's <c>trunc_normal_(mean=0, std=1, a=−2, b=2)</c>: with std 0.02 and ±2 the normal is
/// effectively untruncated (timm issue #1286). Keras (<c>TruncatedNormal(0, 0.05)</c>) and JAX
/// (<c>truncated_normal(0.01)</c>) cut at mean ± 2·std; their flavors set low and high so. std is the parent normal's,
/// as in all three frameworks (the truncated std is smaller; <see cref="InitTheory.Std"/> gives it exactly).
/// Aliases: <c>trunc-normal</c>.
/// </remarks>
public sealed record TruncatedNormal : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="mean">Mean of the parent normal; finite.</param>
    /// <param name="std">Std of the parent normal; finite and &gt; 0.</param>
    /// <param name="low">Lower bound (absolute); may be −∞.</param>
    /// <param name="high">Upper bound (absolute); may be +∞; &gt; low.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, or the bounds leave no probability mass.</exception>
    public TruncatedNormal(double mean, double std, double low, double high)
    {
        Element = Distribution.TruncatedNormal(mean, std, low, high);
        Mean = mean;
        Std = std;
        Low = low;
        High = high;
    }

    /// <summary>Mean of the parent normal.</summary>
    public double Mean { get; }

    /// <summary>Std of the parent normal.</summary>
    public double Std { get; }

    /// <summary>Lower bound.</summary>
    public double Low { get; }

    /// <summary>Upper bound.</summary>
    public double High { get; }

    TruncatedNormalDistribution Element { get; }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context) => InitTheory.Of(Element);
}
