using InitLab.Autograd;
using InitLab.Models.Spec;
using InitLab.Nn;

namespace InitLab.Models;

/// <summary>A network built from a spec: its layers (named <c>layers.0</c>, <c>layers.1</c>, …) and the per-sample input shape it expects.</summary>
public sealed class Model
{
    internal Model(ModelSpec spec, Sequential layers, int[] inputShape)
    {
        Spec = spec;
        Layers = layers;
        InputShape = inputShape;
        Layers.SetName("layers");
    }

    /// <summary>The spec the model was built from.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The layers.</summary>
    public Sequential Layers { get; }

    /// <summary>The shape of one sample: [features] for fully connected models, [C, H, W] for convolutional ones.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>Every parameter, in layer order.</summary>
    public IReadOnlyList<Parameter> Parameters => [.. Layers.Parameters()];

    /// <summary>Every buffer (running statistics) with its full name.</summary>
    public IReadOnlyList<(string Name, Tensors.Tensor Value)> Buffers => [.. Layers.Buffers()];

    /// <summary>The logits [B, classes] for a batch [B, …] whose samples hold <see cref="InputShape"/>'s element count.</summary>
    public Variable Forward(Tape tape, Variable batch) => Layers.Forward(tape, batch);
}
