using InitLab.Activations;
using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>Applies its layers in order; they are named <c>{name}.0</c>, <c>{name}.1</c>, … (PyTorch <c>Sequential</c>).</summary>
public sealed class Sequential : Module
{
    /// <summary>Creates the container.</summary>
    public Sequential(IEnumerable<Module> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Layers = [.. layers];
        AssignFollowingActivations();
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<Module> Layers { get; }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Module Module)> Children => Layers.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m));

    /// <inheritdoc/>
    public override string Describe() => $"Sequential({Layers.Count} layers)";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x)
    {
        foreach (var layer in Layers)
            x = layer.Forward(tape, x);
        return x;
    }

    /// <summary>
    /// Tells each weighted layer which activation follows it: the first <see cref="ActivationLayer"/> after it, looking past
    /// normalization, dropout and pooling; identity when another weighted layer, a residual block or the end comes first.
    /// </summary>
    void AssignFollowingActivations()
    {
        for (int i = 0; i < Layers.Count; i++)
        {
            if (Layers[i] is not (Linear or Conv2d))
                continue;
            var following = Activation.Identity;
            for (int j = i + 1; j < Layers.Count; j++)
            {
                if (Layers[j] is ActivationLayer a)
                {
                    following = a.Function;
                    break;
                }
                if (Layers[j] is not (BatchNorm or LayerNorm or Dropout or MaxPool2d or AvgPool2d or Flatten))
                    break;
            }
            foreach (var p in Layers[i].OwnParameters)
                p.FollowingActivation = following;
        }
    }
}
