using InitLab.Activations;
using InitLab.Validation;

namespace InitLab.Theory;

/// <summary>What the variance prediction needs to know about one dense (or convolutional) layer.</summary>
/// <remarks>The layer computes z = W·x + b, then passes φ(z) to the next layer.</remarks>
public sealed record LayerVariance
{
    /// <summary>Describes one layer.</summary>
    /// <param name="fanIn">Inputs per output unit (in·k̄ for a convolution); ≥ 1.</param>
    /// <param name="weightVariance">Var[W]; finite and ≥ 0.</param>
    /// <param name="biasVariance">Var[b] (0 for a zero or absent bias); finite and ≥ 0.</param>
    /// <param name="activation">φ, applied to this layer's output.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public LayerVariance(int fanIn, double weightVariance, double biasVariance, Activation activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        Guard.NonNegative(weightVariance, nameof(weightVariance));
        Guard.NonNegative(biasVariance, nameof(biasVariance));
        ArgumentNullException.ThrowIfNull(activation);
        FanIn = fanIn;
        WeightVariance = weightVariance;
        BiasVariance = biasVariance;
        Activation = activation;
    }

    /// <summary>Inputs per output unit.</summary>
    public int FanIn { get; }

    /// <summary>Var[W].</summary>
    public double WeightVariance { get; }

    /// <summary>Var[b].</summary>
    public double BiasVariance { get; }

    /// <summary>φ, applied to this layer's output.</summary>
    public Activation Activation { get; }
}
