using System.Globalization;

namespace InitLab.Autograd;

/// <summary>The elementwise nonlinearities the engine differentiates.</summary>
public enum ActivationKind
{
    /// <summary>φ(x) = x.</summary>
    Identity,
    /// <summary>φ(x) = 1/(1 + e⁻ˣ).</summary>
    Sigmoid,
    /// <summary>φ(x) = tanh x.</summary>
    Tanh,
    /// <summary>φ(x) = max(0, x).</summary>
    Relu,
    /// <summary>φ(x) = x for x &gt; 0, s·x otherwise.</summary>
    LeakyRelu,
    /// <summary>φ(x) = x for x &gt; 0, α(eˣ − 1) otherwise (Clevert et al. 2016).</summary>
    Elu,
    /// <summary>φ(x) = λ·elu_α(x) with Klambauer et al.'s λ, α (2017).</summary>
    Selu,
    /// <summary>φ(x) = x·Φ(x), exact erf form (Hendrycks &amp; Gimpel 2016).</summary>
    Gelu,
    /// <summary>φ(x) = x·σ(x), also known as swish.</summary>
    Silu,
    /// <summary>φ(x) = ln(1 + eˣ).</summary>
    Softplus,
}

/// <summary>An activation with its parameter (the slope of leaky_relu, the α of elu; 0 otherwise).</summary>
/// <param name="Kind">Which nonlinearity.</param>
/// <param name="Parameter">leaky_relu's negative slope or elu's α.</param>
public sealed record ActivationFunction(ActivationKind Kind, double Parameter = 0)
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["identity", "sigmoid", "tanh", "relu", "leaky_relu[:slope]", "elu[:alpha]", "selu", "gelu", "silu", "softplus"];

    /// <summary>Reads <c>relu</c>, <c>leaky_relu:0.2</c>, <c>elu</c>, …; leaky_relu's slope defaults to 0.01 and elu's α to 1.</summary>
    /// <exception cref="ArgumentException">The name is unknown or the parameter is not a number.</exception>
    public static ActivationFunction Parse(string text, string argument = "--act")
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Replace('-', '_').Split(':', 2);
        double? p = null;
        if (parts.Length == 2)
        {
            if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                throw new ArgumentException($"{argument} = '{text}': the parameter '{parts[1]}' is not a finite number.", argument);
            p = v;
        }
        var kind = parts[0] switch
        {
            "identity" or "linear" => ActivationKind.Identity,
            "sigmoid" => ActivationKind.Sigmoid,
            "tanh" => ActivationKind.Tanh,
            "relu" => ActivationKind.Relu,
            "leaky_relu" => ActivationKind.LeakyRelu,
            "elu" => ActivationKind.Elu,
            "selu" => ActivationKind.Selu,
            "gelu" => ActivationKind.Gelu,
            "silu" or "swish" => ActivationKind.Silu,
            "softplus" => ActivationKind.Softplus,
            _ => throw new ArgumentException($"{argument} = '{text}' is not known; use one of: {string.Join(", ", Names)}.", argument),
        };
        if (p is not null && kind is not (ActivationKind.LeakyRelu or ActivationKind.Elu))
            throw new ArgumentException($"{argument} = '{text}': {parts[0]} takes no parameter; only leaky_relu:slope and elu:alpha do.", argument);
        return new ActivationFunction(kind, p ?? (kind == ActivationKind.LeakyRelu ? 0.01 : kind == ActivationKind.Elu ? 1 : 0));
    }

    /// <summary>The name <see cref="Parse"/> reads back.</summary>
    public override string ToString() => Kind switch
    {
        ActivationKind.LeakyRelu => "leaky_relu:" + Parameter.ToString("R", CultureInfo.InvariantCulture),
        ActivationKind.Elu => "elu:" + Parameter.ToString("R", CultureInfo.InvariantCulture),
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
