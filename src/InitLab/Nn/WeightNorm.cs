using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>A weight-normalized Linear or Conv2d layer (Salimans &amp; Kingma 2016): w = g·v/‖v‖ per output unit, then the layer's operation with bias b.</summary>
/// <remarks>
/// The direction v (named <c>weight_v</c>, PyTorch's name, shape and fans of the wrapped layer's weight), the norm g
/// (<c>weight_g</c>, [out], one per output unit) and the bias (<c>bias</c>) are learned; ‖w_i‖ = g_i exactly.
/// <see cref="Init.DataDependent.WeightNormInit"/> sets g and b from one batch.
/// Salimans &amp; Kingma 2016, "Weight Normalization: A Simple Reparameterization to Accelerate Training of Deep Neural
/// Networks", https://arxiv.org/abs/1602.07868.
/// </remarks>
public sealed class WeightNorm : Module
{
    readonly Module _layer;

    /// <summary>Weight-normalizes <paramref name="layer"/> (a <see cref="Linear"/> or <see cref="Conv2d"/> with a bias); its parameters are replaced by v, g and b.</summary>
    /// <exception cref="ArgumentException">The layer is neither a Linear nor a Conv2d, or has no bias.</exception>
    public WeightNorm(Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var (weight, bias) = layer switch
        {
            Linear l => (l.Weight, l.Bias),
            Conv2d c => (c.Weight, c.Bias),
            _ => throw new ArgumentException($"weight norm wraps a Linear or a Conv2d; got {layer.Describe()}.", nameof(layer)),
        };
        if (bias is null)
            throw new ArgumentException($"weight norm's data-dependent init sets a bias; {layer.Describe()} has none.", nameof(layer));
        _layer = layer;
        int[] shape = weight.Value.Shape.ToArray();
        V = new Parameter("weight_v", ParameterRole.Weight, shape, weight.FanIn, weight.FanOut, weight.ReceptiveField);
        G = new Parameter("weight_g", ParameterRole.NormScale, [shape[0]]);
        Bias = new Parameter("bias", ParameterRole.Bias, [shape[0]], bias.FanIn, bias.FanOut, bias.ReceptiveField);
    }

    /// <summary>The direction v, shaped like the wrapped layer's weight.</summary>
    public Parameter V { get; }

    /// <summary>The per-unit norm g [out].</summary>
    public Parameter G { get; }

    /// <summary>The bias b [out].</summary>
    public Parameter Bias { get; }

    /// <summary>The number of output units.</summary>
    public int Units => G.Value.Length;

    /// <inheritdoc/>
    public override IEnumerable<Parameter> OwnParameters => [V, G, Bias];

    /// <inheritdoc/>
    public override string Describe() => $"WeightNorm({_layer.Describe()})";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x)
    {
        var w = Ops.WeightNorm(tape, Name, V, G);
        return _layer is Conv2d c
            ? Ops.Conv2d(tape, Name, x, w, Bias, c.Stride, c.Padding)
            : Ops.Linear(tape, Name, x, w, Bias);
    }
}
