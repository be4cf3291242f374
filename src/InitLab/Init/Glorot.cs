using InitLab.Validation;

namespace InitLab.Init;

/// <summary>Glorot (Xavier) uniform: U[−bound, bound) with bound = gain·√(6/(fan_in+fan_out)).</summary>
/// <remarks>
/// = <see cref="VarianceScaling"/>(scale = gain², fan_avg, uniform). Aliases: <c>xavier-uniform</c>.
/// Glorot &amp; Bengio 2010, "Understanding the difficulty of training deep feedforward neural networks",
/// https://proceedings.mlr.press/v9/glorot10a.html (the "normalized initialization").
/// Example: <c>new GlorotUniform().Initialize&lt;float&gt;(w, [256, 784], ctx)</c>.
/// </remarks>
public sealed record GlorotUniform : ScaledScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="gain">Multiplies the bound; finite and &gt; 0 (see <see cref="Gains"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">gain is not finite and positive.</exception>
    public GlorotUniform(double gain = 1)
    {
        Guard.Positive(gain, nameof(gain));
        Gain = gain;
    }

    /// <summary>The gain.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    public override VarianceScaling Core() => new(Gain * Gain, FanMode.FanAvg, ScalingDistribution.Uniform);
}

/// <summary>Glorot (Xavier) normal: std = gain·√(2/(fan_in+fan_out)), untruncated unless <see cref="Truncated"/>.</summary>
/// <remarks>
/// = <see cref="VarianceScaling"/>(scale = gain², fan_avg, normal or truncated-normal). Aliases: <c>xavier-normal</c>.
/// PyTorch's <c>xavier_normal_</c> is untruncated; Keras's and JAX's <c>glorot_normal</c> are truncated at ±2σ with the
/// std corrected by 0.87962566103423978. Glorot &amp; Bengio 2010, https://proceedings.mlr.press/v9/glorot10a.html.
/// Example: <c>new GlorotNormal(gain: Gains.Of(Nonlinearity.Tanh)).Initialize&lt;float&gt;(w, [256, 784], ctx)</c>.
/// </remarks>
public sealed record GlorotNormal : ScaledScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="gain">Multiplies the std; finite and &gt; 0.</param>
    /// <param name="truncated">Truncate at ±2σ (Keras, JAX) instead of drawing the plain normal (PyTorch).</param>
    /// <exception cref="ArgumentOutOfRangeException">gain is not finite and positive.</exception>
    public GlorotNormal(double gain = 1, bool truncated = false)
    {
        Guard.Positive(gain, nameof(gain));
        Gain = gain;
        Truncated = truncated;
    }

    /// <summary>The gain.</summary>
    public double Gain { get; }

    /// <summary>Whether the normal is truncated at ±2σ (the std stays the formula's).</summary>
    public bool Truncated { get; }

    /// <inheritdoc/>
    public override VarianceScaling Core() => new(Gain * Gain, FanMode.FanAvg, Truncated ? ScalingDistribution.TruncatedNormal : ScalingDistribution.Normal);
}
