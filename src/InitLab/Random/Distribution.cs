using InitLab.Validation;

namespace InitLab.Random;

/// <summary>A value distribution that can fill memory from a stream and state its exact moments and CDF.</summary>
/// <remarks>Arguments are validated at construction, so an invalid distribution cannot exist.</remarks>
public abstract record Distribution
{
    private protected Distribution() { }

    /// <summary>The exact mean.</summary>
    public abstract double Mean { get; }

    /// <summary>The exact standard deviation.</summary>
    public abstract double Std { get; }

    /// <summary>The smallest value the distribution can produce (may be −∞).</summary>
    public abstract double Minimum { get; }

    /// <summary>The largest value the distribution can produce (may be +∞).</summary>
    public abstract double Maximum { get; }

    /// <summary>The exact cumulative distribution function P(X ≤ x).</summary>
    public abstract double Cdf(double x);

    /// <summary>Fills <paramref name="destination"/> with stream values offset … offset + length − 1.</summary>
    /// <param name="destination">The elements to fill.</param>
    /// <param name="stream">The parameter's stream.</param>
    /// <param name="offset">Stream index of the first element.</param>
    /// <param name="threads">Worker threads; 0 means every logical processor.</param>
    public abstract void Sample<T>(Span<T> destination, RandomStream stream, long offset = 0, int threads = 0) where T : unmanaged;

    /// <summary>A point mass at <paramref name="value"/>.</summary>
    public static ConstantDistribution Constant(double value) => new(value);

    /// <summary>U[low, high).</summary>
    public static UniformDistribution Uniform(double low, double high) => new(low, high);

    /// <summary>N(mean, std²).</summary>
    public static NormalDistribution Normal(double mean, double std) => new(mean, std);

    /// <summary>N(mean, std²) restricted to the absolute bounds [low, high].</summary>
    public static TruncatedNormalDistribution TruncatedNormal(double mean, double std, double low, double high) => new(mean, std, low, high);
}

/// <summary>A point mass: every value equals <see cref="Value"/>.</summary>
public sealed record ConstantDistribution : Distribution
{
    /// <summary>Creates a point mass.</summary>
    /// <param name="value">The value; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite.</exception>
    public ConstantDistribution(double value)
    {
        Guard.Finite(value, nameof(value));
        Value = value;
    }

    /// <summary>The constant.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override double Mean => Value;

    /// <inheritdoc/>
    public override double Std => 0;

    /// <inheritdoc/>
    public override double Minimum => Value;

    /// <inheritdoc/>
    public override double Maximum => Value;

    /// <inheritdoc/>
    public override double Cdf(double x) => x < Value ? 0 : 1;

    /// <inheritdoc/>
    public override void Sample<T>(Span<T> destination, RandomStream stream, long offset = 0, int threads = 0) =>
        Fill.Constant(destination, Value, threads);
}

/// <summary>U[low, high): mean (low+high)/2, std (high−low)/√12.</summary>
public sealed record UniformDistribution : Distribution
{
    /// <summary>Creates U[low, high).</summary>
    /// <param name="low">Inclusive lower bound; finite.</param>
    /// <param name="high">Exclusive upper bound; finite and &gt; low.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or low ≥ high.</exception>
    public UniformDistribution(double low, double high)
    {
        Guard.Finite(low, nameof(low));
        Guard.Finite(high, nameof(high));
        Guard.Less(low, high, nameof(low), nameof(high));
        Low = low;
        High = high;
    }

    /// <summary>Inclusive lower bound.</summary>
    public double Low { get; }

    /// <summary>Exclusive upper bound.</summary>
    public double High { get; }

    /// <inheritdoc/>
    public override double Mean => 0.5 * (Low + High);

    /// <inheritdoc/>
    public override double Std => (High - Low) / Math.Sqrt(12);

    /// <inheritdoc/>
    public override double Minimum => Low;

    /// <inheritdoc/>
    public override double Maximum => High;

    /// <inheritdoc/>
    public override double Cdf(double x) => Math.Clamp((x - Low) / (High - Low), 0, 1);

    /// <inheritdoc/>
    public override void Sample<T>(Span<T> destination, RandomStream stream, long offset = 0, int threads = 0) =>
        Fill.Uniform(destination, stream, Low, High, offset, threads);
}

/// <summary>N(mean, std²), untruncated.</summary>
public sealed record NormalDistribution : Distribution
{
    /// <summary>Creates N(mean, std²).</summary>
    /// <param name="mean">The mean; finite.</param>
    /// <param name="std">The standard deviation; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">mean is not finite, or std is not finite and positive.</exception>
    public NormalDistribution(double mean, double std)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(std, nameof(std));
        MeanValue = mean;
        StdValue = std;
    }

    double MeanValue { get; }

    double StdValue { get; }

    /// <inheritdoc/>
    public override double Mean => MeanValue;

    /// <inheritdoc/>
    public override double Std => StdValue;

    /// <inheritdoc/>
    public override double Minimum => double.NegativeInfinity;

    /// <inheritdoc/>
    public override double Maximum => double.PositiveInfinity;

    /// <inheritdoc/>
    public override double Cdf(double x) => NormalCdf.Lower((x - MeanValue) / StdValue);

    /// <inheritdoc/>
    public override void Sample<T>(Span<T> destination, RandomStream stream, long offset = 0, int threads = 0) =>
        Fill.Normal(destination, stream, MeanValue, StdValue, offset, threads);
}

/// <summary>N(mean, std²) restricted to [low, high] (absolute bounds, PyTorch's <c>trunc_normal_</c>).</summary>
/// <remarks>
/// With α = (low−μ)/σ, β = (high−μ)/σ, Z = Φ(β) − Φ(α):
/// mean = μ + σ·(φ(α) − φ(β))/Z and var = σ²·[1 + (α·φ(α) − β·φ(β))/Z − ((φ(α) − φ(β))/Z)²].
/// </remarks>
public sealed record TruncatedNormalDistribution : Distribution
{
    /// <summary>Creates the truncated normal.</summary>
    /// <param name="mean">Mean of the parent normal; finite.</param>
    /// <param name="std">Std of the parent normal; finite and &gt; 0.</param>
    /// <param name="low">Lower bound; may be −∞.</param>
    /// <param name="high">Upper bound; may be +∞; &gt; low.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is NaN or out of range, or the bounds leave no mass.</exception>
    public TruncatedNormalDistribution(double mean, double std, double low, double high)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(std, nameof(std));
        Guard.NotNaN(low, nameof(low));
        Guard.NotNaN(high, nameof(high));
        Guard.Less(low, high, nameof(low), nameof(high));
        Fill.CreateTruncated<double>(mean, std, low, high);
        ParentMean = mean;
        ParentStd = std;
        Low = low;
        High = high;
    }

    /// <summary>Mean of the parent (untruncated) normal.</summary>
    public double ParentMean { get; }

    /// <summary>Std of the parent (untruncated) normal.</summary>
    public double ParentStd { get; }

    /// <summary>Lower bound.</summary>
    public double Low { get; }

    /// <summary>Upper bound.</summary>
    public double High { get; }

    /// <inheritdoc/>
    public override double Minimum => Low;

    /// <inheritdoc/>
    public override double Maximum => High;

    /// <inheritdoc/>
    public override double Mean
    {
        get
        {
            var (z, pa, pb, sign) = Standardized();
            return ParentMean + sign * ParentStd * (pa - pb) / z;
        }
    }

    /// <inheritdoc/>
    public override double Std
    {
        get
        {
            var (a, b) = MirroredBounds(out _);
            var (z, pa, pb, _) = Standardized();
            double ta = double.IsInfinity(a) ? 0 : a * pa;
            double tb = double.IsInfinity(b) ? 0 : b * pb;
            double m = (pa - pb) / z;
            return ParentStd * Math.Sqrt(Math.Max(0, 1 + (ta - tb) / z - m * m));
        }
    }

    /// <inheritdoc/>
    public override double Cdf(double x)
    {
        if (x < Low) return 0;
        if (x >= High) return 1;
        var (a, b) = MirroredBounds(out bool mirrored);
        double t = (x - ParentMean) / ParentStd;
        double fa = NormalCdf.Lower(a), z = NormalCdf.Lower(b) - fa;
        // In the mirrored frame the point is −t and the CDF flips: P(X ≤ x) = 1 − P(−X ≤ −x).
        return mirrored ? 1 - (NormalCdf.Lower(-t) - fa) / z : (NormalCdf.Lower(t) - fa) / z;
    }

    /// <inheritdoc/>
    public override void Sample<T>(Span<T> destination, RandomStream stream, long offset = 0, int threads = 0) =>
        Fill.TruncatedNormal(destination, stream, ParentMean, ParentStd, Low, High, offset, threads);

    /// <summary>Standardized bounds, mirrored (as the sampler does) when the interval leans right of the mean.</summary>
    (double A, double B) MirroredBounds(out bool mirrored)
    {
        double a = (Low - ParentMean) / ParentStd, b = (High - ParentMean) / ParentStd;
        mirrored = a + b > 0;
        return mirrored ? (-b, -a) : (a, b);
    }

    (double Z, double PdfA, double PdfB, double Sign) Standardized()
    {
        var (a, b) = MirroredBounds(out bool mirrored);
        double z = NormalCdf.Lower(b) - NormalCdf.Lower(a);
        return (z, Pdf(a), Pdf(b), mirrored ? -1 : 1);
    }

    static double Pdf(double x) => double.IsInfinity(x) ? 0 : Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
}
