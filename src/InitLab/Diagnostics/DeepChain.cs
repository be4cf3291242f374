using InitLab.Activations;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Nn;

namespace InitLab.Diagnostics;

/// <summary>The network of the signal-propagation literature: <c>depth</c> dense layers of <c>width</c> units, each followed by φ.</summary>
/// <remarks>
/// Unlike a classifier from a spec, the last layer is followed by φ too, so every layer is alike (Glorot &amp; Bengio 2010;
/// the CS231n notes on activation statistics; Poole et al. 2016). Layers are named <c>layers.0</c>, <c>layers.2</c>, …
/// (the activations take the odd indices), and their parameters <c>layers.0.weight</c> and <c>layers.0.bias</c>.
/// </remarks>
public static class DeepChain
{
    /// <summary>Builds the chain with zero parameters; an <see cref="Training.InitPlan"/> fills them.</summary>
    /// <param name="inputs">The input width (the width itself for N(0, 1) inputs of width W).</param>
    /// <param name="width">Units per layer; ≥ 1.</param>
    /// <param name="depth">Layers; ≥ 1.</param>
    /// <param name="activation">φ, after every layer.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static Sequential Build(int inputs, int width, int depth, Activation activation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentNullException.ThrowIfNull(activation);
        var layers = new List<Module>();
        for (int l = 0; l < depth; l++)
        {
            layers.Add(new Linear(l == 0 ? inputs : width, width));
            layers.Add(new ActivationLayer(activation));
        }
        var chain = new Sequential(layers);
        chain.SetName("layers");
        return chain;
    }

    /// <summary>The chain as a <see cref="Models.Model"/>, so the model-level initializers (LSUV, …) can run on it.</summary>
    /// <remarks>
    /// Its spec is <c>mlp:inputs-width-…-width</c>, the MLP with the same Linear layers; the chain differs from what the
    /// spec builds only in the φ after its last layer.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static Model Model(int inputs, int width, int depth, Activation activation)
    {
        var layers = Build(inputs, width, depth, activation);
        var spec = new MlpSpec(ModelFamily.Mlp, inputs, [.. Enumerable.Range(0, depth - 1).Select(_ => new DenseLayer(width))], width);
        return new Model(spec, layers, [inputs]);
    }
}
