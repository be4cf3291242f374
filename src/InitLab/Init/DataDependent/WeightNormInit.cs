using System.Globalization;
using InitLab.Autograd;
using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Nn;
using InitLab.Tensors;
using InitLab.Validation;

namespace InitLab.Init.DataDependent;

/// <summary>Data-dependent initialization of weight-normalized layers (Salimans &amp; Kingma 2016, §3): every unit gets mean 0 and std init_scale on one batch.</summary>
/// <remarks>
/// <see cref="Prepare"/> wraps every Linear and Conv2d in <see cref="WeightNorm"/> (w = g·v/‖v‖); v is drawn from
/// N(0, 0.05²) (<see cref="BaseScheme"/>, the paper's value). Then, in forward order, for each weight-normalized layer:
/// with g = 1 and b = 0 its output on the batch is t = v·x/‖v‖ per unit; with μ and σ the mean and (population) standard
/// deviation of t over the batch and the positions of a feature map, g ← s/σ and b ← −s·μ/σ, s = init_scale.
/// The layer's output s·(t − μ)/σ then has mean exactly 0 and std exactly s on that batch, unit by unit (up to float32
/// rounding). Later layers see the already-initialized earlier ones.
/// Salimans &amp; Kingma 2016, "Weight Normalization", https://arxiv.org/abs/1602.07868.
/// </remarks>
public sealed record WeightNormInit : ModelInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">initScale is not finite and positive.</exception>
    public WeightNormInit(double initScale = 1)
    {
        Guard.Positive(initScale, nameof(initScale));
        InitScale = initScale;
    }

    /// <summary>The std every unit's pre-activation gets on the batch.</summary>
    public double InitScale { get; }

    /// <inheritdoc/>
    public override string BaseScheme => "normal:std=0.05";

    /// <inheritdoc/>
    public override bool NeedsData => true;

    /// <inheritdoc/>
    public override Model Prepare(Model model) => ModelLayers.Rebuild(model, m => m is Linear or Conv2d ? new WeightNorm(m) : null);

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        return Run(model.Layers, RequireBatch(context, "weight-norm"), context.Threads);
    }

    /// <summary>Initializes g and b of every <see cref="WeightNorm"/> layer of <paramref name="root"/> from <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentException">The model has no weight-normalized layer, or a unit's output is constant on the batch.</exception>
    public ModelInitReport Run(Module root, Tensor batch, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(batch);
        var layers = root.Modules().OfType<WeightNorm>().ToList();
        if (layers.Count == 0)
            throw new ArgumentException("weight-norm: the model has no WeightNorm layer to initialize.", nameof(root));
        var tape = new Tape(threads, training: false);
        var steps = new List<ModelInitStep>();
        foreach (var layer in layers)
        {
            layer.G.Value.Span.Fill(1);
            layer.Bias.Value.Span.Clear();
            var t = ModelLayers.Outputs(tape, root, batch, [layer.Name])[0];
            var (mean, std) = ModelLayers.UnitMoments(t, layer.Units);
            var g = layer.G.Value.Span;
            var b = layer.Bias.Value.Span;
            for (int u = 0; u < layer.Units; u++)
            {
                if (!(std[u] > 0))
                    throw new ArgumentException($"weight-norm: unit {u} of {layer.Name} is constant on the batch (std 0); use a larger or more varied batch.");
                g[u] = (float)(InitScale / std[u]);
                b[u] = (float)(-InitScale * mean[u] / std[u]);
            }
            steps.Add(new ModelInitStep(layer.Name, "g = s/σ, b = −s·μ/σ", Factor: InitScale));
        }
        return new ModelInitReport(Name, string.Create(CultureInfo.InvariantCulture, $"weight-norm: init_scale {InitScale}, batch {batch.Dim(0)}, {layers.Count} layers"), steps);
    }
}
