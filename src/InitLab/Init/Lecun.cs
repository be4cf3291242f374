namespace InitLab.Init;

/// <summary>LeCun uniform: U[−bound, bound) with bound = √(3/fan_in).</summary>
/// <remarks>
/// = <see cref="VarianceScaling"/>(scale = 1, fan_in, uniform). As Keras's and JAX's <c>lecun_uniform</c>.
/// LeCun, Bottou, Orr &amp; Müller 1998, "Efficient BackProp", https://doi.org/10.1007/3-540-49430-8_2.
/// Example: <c>new LecunUniform().Initialize&lt;float&gt;(w, [256, 784], ctx)</c>.
/// </remarks>
public sealed record LecunUniform : ScaledScheme
{
    /// <inheritdoc/>
    public override VarianceScaling Core() => new(1, FanMode.FanIn, ScalingDistribution.Uniform);
}

/// <summary>LeCun normal: std = 1/√fan_in, untruncated unless <see cref="Truncated"/>.</summary>
/// <remarks>
/// = <see cref="VarianceScaling"/>(scale = 1, fan_in, normal or truncated-normal). Keras's and JAX's <c>lecun_normal</c>
/// (and Flax's default kernel init) are truncated at ±2σ with the std corrected by 0.87962566103423978.
/// LeCun, Bottou, Orr &amp; Müller 1998, "Efficient BackProp", https://doi.org/10.1007/3-540-49430-8_2;
/// Klambauer et al. 2017 (SELU), https://arxiv.org/abs/1706.02515.
/// Example: <c>new LecunNormal(truncated: true).Initialize&lt;float&gt;(w, [784, 256], ctx)</c>.
/// </remarks>
public sealed record LecunNormal : ScaledScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="truncated">Truncate at ±2σ (Keras, JAX, Flax) instead of drawing the plain normal.</param>
    public LecunNormal(bool truncated = false) => Truncated = truncated;

    /// <summary>Whether the normal is truncated at ±2σ (the std stays the formula's).</summary>
    public bool Truncated { get; }

    /// <inheritdoc/>
    public override VarianceScaling Core() => new(1, FanMode.FanIn, Truncated ? ScalingDistribution.TruncatedNormal : ScalingDistribution.Normal);
}
