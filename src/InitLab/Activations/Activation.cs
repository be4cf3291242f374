using System.Globalization;
using InitLab.Validation;
using MathNet.Numerics;

namespace InitLab.Activations;

/// <summary>An elementwise nonlinearity φ with its first and second derivatives, side by side.</summary>
/// <remarks>
/// <para>
/// Derivatives at a kink (x = 0 for relu, leaky_relu, elu, selu) take the right-hand branch for x &gt; 0 and the left-hand
/// branch otherwise, as PyTorch's autograd does (relu′(0) = 0). <see cref="SecondDerivative"/> is the derivative almost
/// everywhere: the Dirac mass of a kink is left out, which is exact inside φ·φ″ because every listed kink has φ(0) = 0.
/// </para>
/// <para>Names for the edges (CLI, JSON, model specs) are in <see cref="Parse"/>; the library itself uses this record.</para>
/// </remarks>
public sealed record Activation
{
    /// <summary>λ of SELU, Klambauer et al. 2017, eq. 14.</summary>
    public const double SeluLambda = 1.0507009873554804934193349852946;

    /// <summary>α of SELU, Klambauer et al. 2017, eq. 14.</summary>
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    Activation(ActivationKind kind, double parameter)
    {
        Kind = kind;
        Parameter = parameter;
    }

    /// <summary>Which nonlinearity.</summary>
    public ActivationKind Kind { get; }

    /// <summary>The slope s of leaky_relu or the α of elu; 0 for the others.</summary>
    public double Parameter { get; }

    /// <summary>φ(x) = x.</summary>
    public static Activation Identity { get; } = new(ActivationKind.Identity, 0);

    /// <summary>φ(x) = tanh x.</summary>
    public static Activation Tanh { get; } = new(ActivationKind.Tanh, 0);

    /// <summary>φ(x) = max(0, x).</summary>
    public static Activation Relu { get; } = new(ActivationKind.Relu, 0);

    /// <summary>φ(x) = 1/(1 + e^(−x)).</summary>
    public static Activation Sigmoid { get; } = new(ActivationKind.Sigmoid, 0);

    /// <summary>φ(x) = x·Φ(x) with the exact normal CDF Φ(x) = (1 + erf(x/√2))/2.</summary>
    public static Activation Gelu { get; } = new(ActivationKind.Gelu, 0);

    /// <summary>φ(x) = x·σ(x); also known as swish.</summary>
    public static Activation Silu { get; } = new(ActivationKind.Silu, 0);

    /// <summary>φ(x) = λ·(x for x &gt; 0, α(eˣ − 1) otherwise) with <see cref="SeluLambda"/> and <see cref="SeluAlpha"/>.</summary>
    public static Activation Selu { get; } = new(ActivationKind.Selu, 0);

    /// <summary>φ(x) = ln(1 + eˣ).</summary>
    public static Activation Softplus { get; } = new(ActivationKind.Softplus, 0);

    /// <summary>φ(x) = x for x &gt; 0, slope·x otherwise.</summary>
    /// <param name="slope">The negative-side slope; finite. PyTorch's default is 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not finite.</exception>
    public static Activation LeakyRelu(double slope = 0.01)
    {
        Guard.Finite(slope, nameof(slope));
        return new(ActivationKind.LeakyRelu, slope);
    }

    /// <summary>φ(x) = x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
    /// <param name="alpha">α; finite and &gt; 0. The paper's and PyTorch's default is 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not finite and positive.</exception>
    public static Activation Elu(double alpha = 1)
    {
        Guard.Positive(alpha, nameof(alpha));
        return new(ActivationKind.Elu, alpha);
    }

    /// <summary>φ(x).</summary>
    public double Value(double x) => Kind switch
    {
        ActivationKind.Identity => x,
        ActivationKind.Tanh => Math.Tanh(x),
        ActivationKind.Relu => x > 0 ? x : 0,
        ActivationKind.LeakyRelu => x > 0 ? x : Parameter * x,
        ActivationKind.Sigmoid => Logistic(x),
        ActivationKind.Gelu => x * NormalCdf(x),
        ActivationKind.Silu => x * Logistic(x),
        ActivationKind.Elu => x > 0 ? x : Parameter * double.ExpM1(x),
        ActivationKind.Selu => SeluLambda * (x > 0 ? x : SeluAlpha * double.ExpM1(x)),
        _ => x > 0 ? x + Log1P(Math.Exp(-x)) : Log1P(Math.Exp(x)),
    };

    /// <summary>φ′(x); at a kink the left-hand branch (so relu′(0) = 0).</summary>
    public double Derivative(double x)
    {
        switch (Kind)
        {
            case ActivationKind.Identity: return 1;
            case ActivationKind.Tanh: { double t = Math.Tanh(x); return 1 - t * t; }
            case ActivationKind.Relu: return x > 0 ? 1 : 0;
            case ActivationKind.LeakyRelu: return x > 0 ? 1 : Parameter;
            case ActivationKind.Sigmoid: { double s = Logistic(x); return s * (1 - s); }
            case ActivationKind.Gelu: return NormalCdf(x) + x * NormalPdf(x);
            case ActivationKind.Silu: { double s = Logistic(x); return s * (1 + x * (1 - s)); }
            case ActivationKind.Elu: return x > 0 ? 1 : Parameter * Math.Exp(x);
            case ActivationKind.Selu: return SeluLambda * (x > 0 ? 1 : SeluAlpha * Math.Exp(x));
            default: return Logistic(x);
        }
    }

    /// <summary>φ″(x) almost everywhere (kinks contribute no Dirac mass; see remarks).</summary>
    public double SecondDerivative(double x)
    {
        switch (Kind)
        {
            case ActivationKind.Identity or ActivationKind.Relu or ActivationKind.LeakyRelu: return 0;
            case ActivationKind.Tanh: { double t = Math.Tanh(x); return -2 * t * (1 - t * t); }
            case ActivationKind.Sigmoid: { double s = Logistic(x); return s * (1 - s) * (1 - 2 * s); }
            case ActivationKind.Gelu: return NormalPdf(x) * (2 - x * x);
            case ActivationKind.Silu: { double s = Logistic(x); return s * (1 - s) * (2 + x * (1 - 2 * s)); }
            case ActivationKind.Elu: return x > 0 ? 0 : Parameter * Math.Exp(x);
            case ActivationKind.Selu: return x > 0 ? 0 : SeluLambda * SeluAlpha * Math.Exp(x);
            default: { double s = Logistic(x); return s * (1 - s); }
        }
    }

    /// <summary>The name <see cref="Parse"/> reads back: e.g. <c>tanh</c>, <c>leaky_relu:0.2</c>, <c>elu:1</c>.</summary>
    public override string ToString() => Kind switch
    {
        ActivationKind.LeakyRelu or ActivationKind.Elu => $"{CanonicalName(Kind)}:{Parameter.ToString("R", CultureInfo.InvariantCulture)}",
        _ => CanonicalName(Kind),
    };

    /// <summary>The accepted names, aliases included.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["identity", "linear", "tanh", "relu", "leaky_relu[:slope]", "sigmoid", "gelu", "silu", "swish", "elu[:alpha]", "selu", "softplus"];

    /// <summary>Reads an activation name, optionally with its parameter after a colon: <c>leaky_relu:0.2</c>, <c>elu:0.5</c>.</summary>
    /// <param name="text">The name; case and surrounding spaces are ignored.</param>
    /// <param name="argument">The argument or option name to quote in the error.</param>
    /// <exception cref="ArgumentException">The name is unknown, the parameter is not a number, or the activation takes none.</exception>
    public static Activation Parse(string text, string argument = "activation")
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Split(':', 2);
        double? parameter = null;
        if (parts.Length == 2)
        {
            if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
                throw new ArgumentException($"{argument} = '{text}': the parameter '{parts[1]}' is not a number.", argument);
            parameter = p;
        }
        Activation? fixedOne = parts[0] switch
        {
            "identity" or "linear" => Identity,
            "tanh" => Tanh,
            "relu" => Relu,
            "sigmoid" => Sigmoid,
            "gelu" => Gelu,
            "silu" or "swish" => Silu,
            "selu" => Selu,
            "softplus" => Softplus,
            _ => null,
        };
        if (fixedOne is not null && parameter is not null)
            throw new ArgumentException($"{argument} = '{text}': {parts[0]} takes no parameter; only leaky_relu:slope and elu:alpha do.", argument);
        return fixedOne ?? parts[0] switch
        {
            "leaky_relu" => LeakyRelu(parameter ?? 0.01),
            "elu" => Elu(parameter ?? 1),
            _ => throw new ArgumentException($"{argument} = '{text}' is not known; use one of: {string.Join(", ", Names)}.", argument),
        };
    }

    static string CanonicalName(ActivationKind kind) => kind switch
    {
        ActivationKind.LeakyRelu => "leaky_relu",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>σ(x) without overflow for either sign.</summary>
    static double Logistic(double x)
    {
        if (x >= 0)
            return 1 / (1 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>ln(1 + x) to full relative precision for small x (Goldberg 1991, Theorem 4); double.LogP1 rounds 1 + x first.</summary>
    static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>Φ(x) = erfc(−x/√2)/2: erfc keeps full relative precision in the left tail.</summary>
    static double NormalCdf(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    /// <summary>ϕ(x) = e^(−x²/2)/√(2π).</summary>
    static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
}
