using InitLab.Activations;
using InitLab.Theory;
using InitLab.Validation;

namespace InitLab.Init;

/// <summary>The gain table: the factor that keeps activations' second moment steady through a nonlinearity.</summary>
/// <remarks>
/// As PyTorch's <c>calculate_gain</c>: linear, conv and sigmoid 1; tanh 5/3; relu √2; leaky_relu √(2/(1+s²)) with
/// s = 0.01 unless given; selu 3/4.
/// For gelu, silu, elu (α = 1) and mish, which PyTorch does not cover: gain = 1/√E[φ(z)²] with z ~ N(0, 1), the
/// factor that maps a unit-variance pre-activation to a unit second moment after φ. (For relu this rule gives √2,
/// PyTorch's value.) E[φ(z)²] = ∫ φ(z)²·e^(−z²/2)/√(2π) dz is computed by the project's one Gaussian quadrature,
/// <see cref="GaussianExpectation"/>: half-range Gauss–Hermite rules split at 0, where elu's square has a jump in
/// its third derivative (a whole-line Gauss–Hermite rule is off by 7e-6 there). It agrees with a fine trapezoid
/// rule to 1e-12 for all four (tests/InitLab.Tests/Init/GainsTests.cs).
/// Edge names: linear, conv (conv1d … conv-transpose3d), sigmoid, tanh, relu, leaky-relu, selu, gelu,
/// silu (swish), elu, mish; '_' and '-' are interchangeable.
/// </remarks>
public static class Gains
{
    /// <summary>PyTorch's default negative slope for leaky_relu in <c>calculate_gain</c>.</summary>
    public const double DefaultNegativeSlope = 0.01;

    /// <summary>The gain for <paramref name="nonlinearity"/>.</summary>
    /// <param name="nonlinearity">The activation after the layer.</param>
    /// <param name="negativeSlope">leaky_relu's slope s (finite, ≥ 0; default 0.01); must be null for other nonlinearities.</param>
    /// <exception cref="ArgumentException">A slope is given for a nonlinearity other than leaky_relu.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The slope is negative or not finite.</exception>
    public static double Of(Nonlinearity nonlinearity, double? negativeSlope = null)
    {
        CheckSlope(nonlinearity, negativeSlope);
        return nonlinearity switch
        {
            Nonlinearity.Linear or Nonlinearity.Conv or Nonlinearity.Sigmoid => 1,
            Nonlinearity.Tanh => 5.0 / 3,
            Nonlinearity.Relu => Math.Sqrt(2),
            Nonlinearity.LeakyRelu => Math.Sqrt(2 / (1 + Square(negativeSlope ?? DefaultNegativeSlope))),
            Nonlinearity.Selu => 0.75,
            _ => 1 / Math.Sqrt(SecondMoment(nonlinearity)),
        };
    }

    /// <summary>E[φ(z)²] for z ~ N(0, 1), by <see cref="GaussianExpectation"/> (split at 0).</summary>
    public static double SecondMoment(Nonlinearity nonlinearity) => GaussianExpectation.Of(z => Square(Activation(nonlinearity, z)));

    /// <summary>φ(x) for the activations whose gain comes from quadrature (and relu, as the rule's check).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The nonlinearity's gain is a convention, not an integral.</exception>
    public static double Activation(Nonlinearity nonlinearity, double x) => nonlinearity switch
    {
        Nonlinearity.Relu => Activations.Activation.Relu.Value(x),
        Nonlinearity.Gelu => Activations.Activation.Gelu.Value(x),
        Nonlinearity.Silu => Activations.Activation.Silu.Value(x),
        Nonlinearity.Elu => Activations.Activation.Elu().Value(x),
        Nonlinearity.Mish => x * Math.Tanh(Softplus(x)),
        _ => throw Guard.OutOfRange(nameof(nonlinearity), nonlinearity, "use relu, gelu, silu, elu or mish"),
    };

    /// <summary>Parses an edge name, including PyTorch's aliases (conv1d … conv_transpose3d, swish).</summary>
    /// <exception cref="ArgumentException">The name is not a nonlinearity.</exception>
    public static Nonlinearity Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant().Replace('-', '_');
        if (key is "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d")
            return Nonlinearity.Conv;
        if (key == "swish")
            return Nonlinearity.Silu;
        return EnumText.Parse<Nonlinearity>(name, "nonlinearity");
    }

    internal static void CheckSlope(Nonlinearity nonlinearity, double? negativeSlope)
    {
        if (!Enum.IsDefined(nonlinearity))
            throw Guard.OutOfRange(nameof(nonlinearity), nonlinearity, $"use one of: {string.Join(", ", EnumText.Names<Nonlinearity>())}");
        if (negativeSlope is not double slope)
            return;
        if (nonlinearity != Nonlinearity.LeakyRelu)
            throw new ArgumentException($"negative_slope = {Guard.Format(slope)} applies only to leaky-relu, not to {EnumText.Name(nonlinearity)}.", nameof(negativeSlope));
        if (!(slope >= 0) || !double.IsFinite(slope))
            throw Guard.OutOfRange(nameof(negativeSlope), slope, "it must be finite and ≥ 0");
    }

    static double Softplus(double x) => x > 30 ? x : double.LogP1(Math.Exp(x));

    static double Square(double x) => x * x;
}
