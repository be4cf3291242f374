using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Nn;
using InitLab.Tensors;

namespace InitLab.Init.Residual;

/// <summary>Checks and edits shared by the residual-aware initializers.</summary>
internal static class ResidualModel
{
    /// <summary>The model's residual branches; at least one.</summary>
    /// <exception cref="ArgumentException">The model has no residual block.</exception>
    public static IReadOnlyList<Sequential> Branches(Model model, string method)
    {
        var branches = ModelLayers.Branches(model.Layers);
        return branches.Count > 0
            ? branches
            : throw new ArgumentException($"{method} needs residual blocks; model '{model.Spec}' has none (use a resmlp: or rescnn: spec, docs/models.md).", nameof(model));
    }

    /// <summary>The last Linear or Conv2d of a branch.</summary>
    public static Module LastWeighted(Sequential branch) => ModelLayers.Weighted(branch) is { Count: > 0 } layers
        ? layers[^1]
        : throw new ArgumentException($"{branch.Name} has no Linear or Conv2d layer.", nameof(branch));

    /// <summary>Multiplies a layer's weight by <paramref name="factor"/> and records it.</summary>
    public static ModelInitStep Scale(Parameter weight, double factor, string action)
    {
        System.Numerics.Tensors.TensorPrimitives.Multiply(weight.Value.Span, (float)factor, weight.Value.Span);
        return new ModelInitStep(weight.Name, action, Factor: factor);
    }

    /// <summary>Sets a parameter to <paramref name="value"/> and records it.</summary>
    public static ModelInitStep Set(Tensor tensor, string name, float value, string action)
    {
        tensor.Span.Fill(value);
        return new ModelInitStep(name, action, Factor: value);
    }

    /// <summary>Sets a Linear or Conv2d layer's weight and bias to 0 and records it.</summary>
    public static IEnumerable<ModelInitStep> Zero(Module layer)
    {
        var weight = ModelLayers.WeightOf(layer);
        yield return Set(weight.Value, weight.Name, 0, "zeroed");
        if (ModelLayers.BiasOf(layer) is { } bias)
            yield return Set(bias.Value, bias.Name, 0, "zeroed");
    }
}
