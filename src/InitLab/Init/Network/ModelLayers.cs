using InitLab.Autograd;
using InitLab.Models;
using InitLab.Nn;
using InitLab.Numerics;
using InitLab.Tensors;

namespace InitLab.Init.Network;

/// <summary>The structural facts model-level initializers need: weighted layers in forward order, residual branches, the classifier, and layer outputs on a batch.</summary>
public static class ModelLayers
{
    /// <summary>The Linear and Conv2d layers of <paramref name="root"/>, in forward order (residual branches included).</summary>
    public static IReadOnlyList<Module> Weighted(Module root) => [.. root.Modules().Where(m => m is Linear or Conv2d)];

    /// <summary>The weight of a Linear or Conv2d layer.</summary>
    public static Parameter WeightOf(Module layer) => layer switch
    {
        Linear l => l.Weight,
        Conv2d c => c.Weight,
        _ => throw new ArgumentException($"{layer.Name}: {layer.Describe()} has no weight.", nameof(layer)),
    };

    /// <summary>The bias of a Linear or Conv2d layer, or null.</summary>
    public static Parameter? BiasOf(Module layer) => layer switch
    {
        Linear l => l.Bias,
        Conv2d c => c.Bias,
        _ => null,
    };

    /// <summary>The branch of every residual block (<see cref="Nn.Residual"/> or <see cref="FixupResidual"/>), in forward order.</summary>
    public static IReadOnlyList<Sequential> Branches(Module root) =>
        [.. root.Modules().Select(m => m switch { Nn.Residual r => r.Branch, FixupResidual f => f.Branch, _ => null }).OfType<Sequential>()];

    /// <summary>The classifier: the last top-level Linear of the model.</summary>
    /// <exception cref="ArgumentException">The model does not end with a Linear layer.</exception>
    public static Linear Classifier(Model model) => model.Layers.Layers.Count > 0 && model.Layers.Layers[^1] is Linear last
        ? last
        : throw new ArgumentException($"model '{model.Spec}' does not end with a Linear classifier.", nameof(model));

    /// <summary>The activation layer that follows <paramref name="layer"/> in its container (looking past normalization, dropout and pooling), or null.</summary>
    /// <remarks>The same rule that sets <see cref="Parameter.FollowingActivation"/>.</remarks>
    public static ActivationLayer? FollowingActivation(Module root, Module layer)
    {
        foreach (var container in root.Modules().OfType<Sequential>())
        {
            int i = IndexOf(container.Layers, layer);
            if (i < 0)
                continue;
            for (int j = i + 1; j < container.Layers.Count; j++)
            {
                if (container.Layers[j] is ActivationLayer a)
                    return a;
                if (container.Layers[j] is not (BatchNorm or LayerNorm or Dropout or MaxPool2d or AvgPool2d or Flatten))
                    return null;
            }
            return null;
        }
        return null;
    }

    static int IndexOf(IReadOnlyList<Module> layers, Module layer)
    {
        for (int i = 0; i < layers.Count; i++)
            if (ReferenceEquals(layers[i], layer))
                return i;
        return -1;
    }

    /// <summary>Runs <paramref name="root"/> on <paramref name="batch"/> in evaluation mode on <paramref name="tape"/> and returns the output of each named module.</summary>
    /// <remarks>A module's output is the last value recorded under its name. The tensors belong to the tape and change on its next pass.</remarks>
    /// <exception cref="ArgumentException">A name recorded nothing.</exception>
    public static Tensor[] Outputs(Tape tape, Module root, Tensor batch, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(tape);
        tape.Reset();
        root.Forward(tape, new Variable(batch, requiresGrad: false));
        var last = LastOutputs(tape);
        return [.. names.Select(n => last.TryGetValue(n, out var t) ? t : throw new ArgumentException($"module '{n}' recorded no output in the forward pass.", nameof(names)))];
    }

    /// <summary>The output of every module recorded on <paramref name="tape"/>: the last value recorded under its name.</summary>
    public static IReadOnlyDictionary<string, Tensor> LastOutputs(Tape tape)
    {
        ArgumentNullException.ThrowIfNull(tape);
        var last = new Dictionary<string, Tensor>();
        foreach (var node in tape.Nodes)
            last[node.Layer] = node.Output.Value;
        return last;
    }

    /// <summary>A copy of the model in which every module <paramref name="replace"/> maps to a non-null module is replaced; containers are rebuilt and renamed.</summary>
    /// <remarks>Unreplaced leaf modules (and their parameters) are reused, so call it before the parameters are initialized.</remarks>
    public static Model Rebuild(Model model, Func<Module, Module?> replace)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(replace);
        return new Model(model.Spec, (Sequential)Map(model.Layers, replace), [.. model.InputShape]);
    }

    static Module Map(Module module, Func<Module, Module?> replace) => replace(module) ?? module switch
    {
        Sequential s => new Sequential(s.Layers.Select(l => Map(l, replace))),
        Nn.Residual r => new Nn.Residual((Sequential)Map(r.Branch, replace), r.Alpha is not null),
        FixupResidual f => new FixupResidual((Sequential)Map(f.Branch, replace)),
        _ => module,
    };

    /// <summary>The population variance of <paramref name="values"/> (two passes in double, so a large mean does not cancel the digits).</summary>
    public static double Variance(ReadOnlySpan<float> values) => SampleStats.TwoPass(values).SquaredDeviations / values.Length;

    /// <summary>The mean and population std of each unit (channel) of an output [N, units, …] over the batch and positions.</summary>
    public static (double[] Mean, double[] Std) UnitMoments(Tensor output, int units)
    {
        ArgumentNullException.ThrowIfNull(output);
        int batch = output.Dim(0), positions = output.Length / (batch * units);
        ReadOnlySpan<float> y = output.Span;
        var mean = new double[units];
        var std = new double[units];
        double count = (double)batch * positions;
        for (int n = 0; n < batch; n++)
            for (int u = 0; u < units; u++)
                foreach (float v in y.Slice((n * units + u) * positions, positions))
                    mean[u] += v;
        for (int u = 0; u < units; u++)
            mean[u] /= count;
        for (int n = 0; n < batch; n++)
            for (int u = 0; u < units; u++)
                foreach (float v in y.Slice((n * units + u) * positions, positions))
                    std[u] += (v - mean[u]) * (v - mean[u]);
        for (int u = 0; u < units; u++)
            std[u] = Math.Sqrt(std[u] / count);
        return (mean, std);
    }
}
