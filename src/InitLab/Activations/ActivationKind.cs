namespace InitLab.Activations;

/// <summary>The elementwise nonlinearities InitLab knows: their values and derivatives live in <see cref="Activation"/>.</summary>
public enum ActivationKind
{
    /// <summary>φ(x) = x.</summary>
    Identity,

    /// <summary>φ(x) = tanh x.</summary>
    Tanh,

    /// <summary>φ(x) = max(0, x).</summary>
    Relu,

    /// <summary>φ(x) = x for x &gt; 0, s·x otherwise (s = the slope parameter).</summary>
    LeakyRelu,

    /// <summary>φ(x) = 1/(1 + e^(−x)).</summary>
    Sigmoid,

    /// <summary>φ(x) = x·Φ(x), the exact erf form (Hendrycks &amp; Gimpel 2016).</summary>
    Gelu,

    /// <summary>φ(x) = x·σ(x), also known as swish-1 (Elfwing et al. 2018; Ramachandran et al. 2017).</summary>
    Silu,

    /// <summary>φ(x) = x for x &gt; 0, α(eˣ − 1) otherwise (Clevert et al. 2016).</summary>
    Elu,

    /// <summary>φ(x) = λ·elu_α(x) with the fixed λ, α of Klambauer et al. 2017.</summary>
    Selu,

    /// <summary>φ(x) = ln(1 + eˣ).</summary>
    Softplus,
}
