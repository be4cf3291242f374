using InitLab.Init.Network;
using InitLab.Models;

namespace InitLab.Init.Residual;

/// <summary>ReZero / SkipInit: every residual block becomes x + α·f(x) with a learnable scalar α = 0, the identity at init.</summary>
/// <remarks>
/// The weights keep their per-parameter init (<see cref="BaseScheme"/> = he-normal); only α is added and set to 0.
/// Bachlechner et al. 2020, "ReZero is All You Need: Fast Convergence at Large Depth", https://arxiv.org/abs/2003.04887;
/// De &amp; Smith 2020, "Batch Normalization Biases Residual Blocks Towards the Identity Function in Deep Networks"
/// (SkipInit), https://arxiv.org/abs/2002.10444.
/// </remarks>
public sealed record ReZero : ModelInitializer
{
    /// <inheritdoc/>
    public override string BaseScheme => "he-normal";

    /// <inheritdoc/>
    public override Model Prepare(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ResidualModel.Branches(model, Name);
        return ModelLayers.Rebuild(model, m => m is Nn.Residual r ? new Nn.Residual(r.Branch, learnableScale: true) : null);
    }

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        var blocks = model.Layers.Modules().OfType<Nn.Residual>().Where(r => r.Alpha is not null).ToList();
        if (blocks.Count == 0)
            throw new ArgumentException($"rezero: model '{model.Spec}' has no blocks with α; build it with {nameof(Prepare)} first.", nameof(model));
        var steps = blocks.Select(b => ResidualModel.Set(b.Alpha!.Value, b.Alpha.Name, 0, "α = 0")).ToList();
        return new ModelInitReport(Name, $"rezero: α = 0 on {blocks.Count} blocks", steps);
    }
}
