namespace InitLab.Init;

/// <summary>The activation that follows a layer; it selects the layer's gain (<see cref="Gains.Of"/>).</summary>
public enum Nonlinearity
{
    /// <summary>Identity, gain 1.</summary>
    Linear,

    /// <summary>A convolution with no activation (PyTorch's conv1d … conv_transpose3d), gain 1.</summary>
    Conv,

    /// <summary>1/(1+e^(−x)), gain 1 (PyTorch's choice).</summary>
    Sigmoid,

    /// <summary>tanh, gain 5/3.</summary>
    Tanh,

    /// <summary>max(0, x), gain √2.</summary>
    Relu,

    /// <summary>max(s·x, x), gain √(2/(1+s²)).</summary>
    LeakyRelu,

    /// <summary>SELU, gain 3/4 (PyTorch's choice for self-normalizing nets).</summary>
    Selu,

    /// <summary>x·Φ(x) (exact, erf form), gain 1/√E[φ(z)²].</summary>
    Gelu,

    /// <summary>x·σ(x) (swish), gain 1/√E[φ(z)²].</summary>
    Silu,

    /// <summary>x for x &gt; 0, eˣ − 1 otherwise (α = 1), gain 1/√E[φ(z)²].</summary>
    Elu,

    /// <summary>x·tanh(ln(1+eˣ)), gain 1/√E[φ(z)²].</summary>
    Mish,
}
