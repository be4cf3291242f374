using InitLab.Validation;

namespace InitLab.Init;

/// <summary>He (Kaiming) uniform: U[−bound, bound) with bound = gain·√(3/n), n = fan_in (or fan_out).</summary>
/// <remarks>
/// = <see cref="VarianceScaling"/>(scale = gain², mode, uniform), gain = <see cref="Gains.Of"/>(nonlinearity, negative_slope).
/// With relu, bound = √(6/fan_in). Aliases: <c>kaiming-uniform</c>. Unlike PyTorch's <c>kaiming_uniform_</c>
/// (leaky_relu with a = 0 by default) the default nonlinearity is relu; the values are the same.
/// He et al. 2015, "Delving Deep into Rectifiers", https://arxiv.org/abs/1502.01852.
/// Example: <c>new HeUniform(Nonlinearity.LeakyRelu, 0.2).Initialize&lt;float&gt;(w, [64, 3, 3, 3], ctx)</c>.
/// </remarks>
public sealed record HeUniform : ScaledScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="nonlinearity">The activation after the layer; it sets the gain.</param>
    /// <param name="negativeSlope">leaky_relu's slope (default 0.01); only with leaky_relu.</param>
    /// <param name="mode">fan_in (forward, the default) or fan_out (backward).</param>
    /// <exception cref="ArgumentException">The slope is given for another nonlinearity, or mode is not fan_in or fan_out.</exception>
    public HeUniform(Nonlinearity nonlinearity = Nonlinearity.Relu, double? negativeSlope = null, FanMode mode = FanMode.FanIn)
    {
        (Nonlinearity, NegativeSlope, Mode) = HeArguments.Check(nonlinearity, negativeSlope, mode);
    }

    /// <summary>The activation after the layer.</summary>
    public Nonlinearity Nonlinearity { get; }

    /// <summary>leaky_relu's slope, or null.</summary>
    public double? NegativeSlope { get; }

    /// <summary>fan_in or fan_out.</summary>
    public FanMode Mode { get; }

    /// <inheritdoc/>
    public override VarianceScaling Core() => HeArguments.Core(Nonlinearity, NegativeSlope, Mode, ScalingDistribution.Uniform);
}

/// <summary>He (Kaiming, MSRA) normal: std = gain/√n, n = fan_in (or fan_out); untruncated unless <see cref="Truncated"/>.</summary>
/// <remarks>
/// = <see cref="VarianceScaling"/>(scale = gain², mode, normal or truncated-normal). With relu, std = √(2/fan_in).
/// Aliases: <c>kaiming-normal</c>, <c>msra</c>. PyTorch's <c>kaiming_normal_</c> is untruncated; Keras's and JAX's
/// <c>he_normal</c> are truncated at ±2σ with the std corrected by 0.87962566103423978.
/// He et al. 2015, "Delving Deep into Rectifiers", https://arxiv.org/abs/1502.01852.
/// Example: <c>new HeNormal().Initialize&lt;float&gt;(w, [64, 3, 3, 3], ctx)</c>.
/// </remarks>
public sealed record HeNormal : ScaledScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="nonlinearity">The activation after the layer; it sets the gain.</param>
    /// <param name="negativeSlope">leaky_relu's slope (default 0.01); only with leaky_relu.</param>
    /// <param name="mode">fan_in (forward, the default) or fan_out (backward).</param>
    /// <param name="truncated">Truncate at ±2σ (Keras, JAX) instead of drawing the plain normal (PyTorch).</param>
    /// <exception cref="ArgumentException">The slope is given for another nonlinearity, or mode is not fan_in or fan_out.</exception>
    public HeNormal(Nonlinearity nonlinearity = Nonlinearity.Relu, double? negativeSlope = null, FanMode mode = FanMode.FanIn, bool truncated = false)
    {
        (Nonlinearity, NegativeSlope, Mode) = HeArguments.Check(nonlinearity, negativeSlope, mode);
        Truncated = truncated;
    }

    /// <summary>The activation after the layer.</summary>
    public Nonlinearity Nonlinearity { get; }

    /// <summary>leaky_relu's slope, or null.</summary>
    public double? NegativeSlope { get; }

    /// <summary>fan_in or fan_out.</summary>
    public FanMode Mode { get; }

    /// <summary>Whether the normal is truncated at ±2σ (the std stays the formula's).</summary>
    public bool Truncated { get; }

    /// <inheritdoc/>
    public override VarianceScaling Core() =>
        HeArguments.Core(Nonlinearity, NegativeSlope, Mode, Truncated ? ScalingDistribution.TruncatedNormal : ScalingDistribution.Normal);
}

/// <summary>The validation and the core shared by the two He schemes.</summary>
internal static class HeArguments
{
    public static (Nonlinearity, double?, FanMode) Check(Nonlinearity nonlinearity, double? negativeSlope, FanMode mode)
    {
        Gains.CheckSlope(nonlinearity, negativeSlope);
        if (mode is not (FanMode.FanIn or FanMode.FanOut))
            throw Guard.OutOfRange(nameof(mode), EnumText.Name(mode), "He initialization uses fan-in or fan-out (use variance-scaling for other modes)");
        return (nonlinearity, negativeSlope, mode);
    }

    public static VarianceScaling Core(Nonlinearity nonlinearity, double? negativeSlope, FanMode mode, ScalingDistribution distribution)
    {
        double gain = Gains.Of(nonlinearity, negativeSlope);
        return new VarianceScaling(gain * gain, mode, distribution);
    }
}
