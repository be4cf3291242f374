using System.Text.Json.Serialization;
using InitLab.Random;
using InitLab.Validation;

namespace InitLab.Init;

/// <summary>Which fan sets the variance in <see cref="VarianceScaling"/>.</summary>
public enum FanMode
{
    /// <summary>n = fan_in: preserves the forward signal's variance.</summary>
    FanIn,

    /// <summary>n = fan_out: preserves the backward gradient's variance.</summary>
    FanOut,

    /// <summary>n = (fan_in + fan_out)/2: Glorot's compromise.</summary>
    FanAvg,

    /// <summary>n = √(fan_in·fan_out): JAX's geometric mean.</summary>
    FanGeoAvg,
}

/// <summary>The element distribution of <see cref="VarianceScaling"/>.</summary>
public enum ScalingDistribution
{
    /// <summary>U[−limit, limit), limit = √(3·scale/n).</summary>
    Uniform,

    /// <summary>N(0, scale/n), untruncated (JAX's "normal", Keras's "untruncated_normal").</summary>
    Normal,

    /// <summary>N(0, σ²) cut at ±2σ, σ = √(scale/n)/0.87962566103423978, so the std is √(scale/n) (Keras's "truncated_normal").</summary>
    TruncatedNormal,
}

/// <summary>The one core of the fan-based schemes: element variance scale/n.</summary>
/// <remarks>
/// n = fan_in, fan_out, (fan_in+fan_out)/2 or √(fan_in·fan_out) by <see cref="Mode"/>, then
/// uniform: U[−limit, limit) with limit = √(3·scale/n);
/// normal: N(0, scale/n), untruncated;
/// truncated-normal: N(0, σ²) restricted to [−2σ, 2σ] with σ = √(scale/n)/c, c = 0.87962566103423978.
/// Glorot, He and LeCun are specializations (<see cref="GlorotUniform"/>, <see cref="HeNormal"/>, …).
/// Registry name: <c>variance-scaling</c>. As Keras <c>VarianceScaling</c> and JAX <c>variance_scaling</c>.
/// Papers: Glorot &amp; Bengio 2010 (fan_avg), https://proceedings.mlr.press/v9/glorot10a.html;
/// He et al. 2015 (fan_in, scale 2), https://arxiv.org/abs/1502.01852.
/// Example: <c>new VarianceScaling(2, FanMode.FanIn, ScalingDistribution.Normal).Initialize&lt;float&gt;(w, [256, 784], ctx)</c>.
/// </remarks>
public sealed record VarianceScaling : ScaledScheme
{
    /// <summary>c, the standard deviation of N(0, 1) truncated to [−2, 2]; dividing by it restores the intended std.</summary>
    public const double TruncatedStdCorrection = 0.87962566103423978;

    /// <summary>Creates the core scheme.</summary>
    /// <param name="scale">The variance numerator (gain²); finite and &gt; 0.</param>
    /// <param name="mode">The fan that divides it.</param>
    /// <param name="distribution">The element distribution.</param>
    /// <exception cref="ArgumentOutOfRangeException">scale is not finite and positive, or an enum value is undefined.</exception>
    [JsonConstructor]
    public VarianceScaling(double scale = 1, FanMode mode = FanMode.FanIn, ScalingDistribution distribution = ScalingDistribution.Normal)
    {
        Guard.Positive(scale, nameof(scale));
        if (!Enum.IsDefined(mode)) throw Guard.OutOfRange(nameof(mode), mode, $"use one of: {string.Join(", ", EnumText.Names<FanMode>())}");
        if (!Enum.IsDefined(distribution)) throw Guard.OutOfRange(nameof(distribution), distribution, $"use one of: {string.Join(", ", EnumText.Names<ScalingDistribution>())}");
        Scale = scale;
        Mode = mode;
        Distribution = distribution;
    }

    /// <summary>The variance numerator (gain²).</summary>
    public double Scale { get; }

    /// <summary>The fan that divides the scale.</summary>
    public FanMode Mode { get; }

    /// <summary>The element distribution.</summary>
    public ScalingDistribution Distribution { get; }

    /// <summary>The element distribution for weights with <paramref name="fans"/>.</summary>
    public Distribution Element(Fans fans)
    {
        double n = Mode switch
        {
            FanMode.FanIn => fans.FanIn,
            FanMode.FanOut => fans.FanOut,
            FanMode.FanAvg => 0.5 * ((double)fans.FanIn + fans.FanOut),
            _ => Math.Sqrt((double)fans.FanIn * fans.FanOut),
        };
        double std = Math.Sqrt(Scale / n);
        switch (Distribution)
        {
            case ScalingDistribution.Uniform:
                double limit = Math.Sqrt(3) * std;
                return Random.Distribution.Uniform(-limit, limit);
            case ScalingDistribution.Normal:
                return Random.Distribution.Normal(0, std);
            default:
                double sigma = std / TruncatedStdCorrection;
                return Random.Distribution.TruncatedNormal(0, sigma, -2 * sigma, 2 * sigma);
        }
    }

    /// <inheritdoc/>
    public override VarianceScaling Core() => this;
}

/// <summary>Base of the named fan-based schemes: each one is a thin specialization of <see cref="VarianceScaling"/>.</summary>
public abstract record ScaledScheme : InitScheme
{
    private protected ScaledScheme() { }

    /// <summary>The (scale, mode, distribution) triple this scheme stands for.</summary>
    public abstract VarianceScaling Core();

    private protected sealed override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context)
    {
        var fans = context.Fans.Compute(shape);
        var core = Core();
        return InitTheory.Of(core.Element(fans), fans, Math.Sqrt(core.Scale));
    }
}
