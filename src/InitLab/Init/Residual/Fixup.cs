using System.Globalization;
using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Nn;

namespace InitLab.Init.Residual;

/// <summary>Fixup (Zhang, Dauphin &amp; Ma 2019): trains deep residual networks without normalization by scaling each branch by depth.</summary>
/// <remarks>
/// Rules 1–3 of the paper's §3, with L residual branches of m weighted layers each:
/// <list type="number">
/// <item>the classifier and the last layer of every branch are 0 (weights and biases), so the logits are exactly 0 and
/// every block is the identity at init;</item>
/// <item>the other branch layers keep their He init (<see cref="BaseScheme"/>) multiplied by L^(−1/(2m−2));</item>
/// <item>every block becomes a <see cref="FixupResidual"/>: a scalar bias (0) before each weighted and activation layer,
/// a scalar multiplier (1) and a scalar bias after the branch.</item>
/// </list>
/// ResNet-110 (three stages of 18 basic blocks): L = 54, m = 2, so conv1 of each block is scaled by 54^(−1/2) ≈ 0.1361.
/// Normalization layers are rejected: Fixup replaces them.
/// Zhang, Dauphin &amp; Ma 2019, "Fixup Initialization: Residual Learning Without Normalization", https://arxiv.org/abs/1901.09321.
/// </remarks>
public sealed record Fixup : ModelInitializer
{
    /// <summary>L^(−1/(2m−2)), the factor on every branch layer but the last, for L branches of m ≥ 2 weighted layers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">L &lt; 1 or m &lt; 2.</exception>
    public static double BranchFactor(int branches, int layersPerBranch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(branches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layersPerBranch, 2);
        return Math.Pow(branches, -1.0 / (2 * layersPerBranch - 2));
    }

    /// <inheritdoc/>
    public override string BaseScheme => "he-normal";

    /// <inheritdoc/>
    public override Model Prepare(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Layers.Modules().Any(m => m is BatchNorm or LayerNorm))
            throw new ArgumentException($"fixup trains residual networks without normalization; model '{model.Spec}' has normalization layers (use --norm none).", nameof(model));
        ResidualModel.Branches(model, Name);
        return ModelLayers.Rebuild(model, m => m is Nn.Residual r ? new FixupResidual(r.Branch) : null);
    }

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        var blocks = model.Layers.Modules().OfType<FixupResidual>().ToList();
        if (blocks.Count == 0)
            throw new ArgumentException($"fixup: model '{model.Spec}' has no Fixup blocks; build it with {nameof(Prepare)} first.", nameof(model));
        int depth = ModelLayers.Weighted(blocks[0].Branch).Count;
        if (blocks.Any(b => ModelLayers.Weighted(b.Branch).Count != depth) || depth < 2)
            throw new ArgumentException("fixup needs every branch to have the same number m ≥ 2 of weighted layers.", nameof(model));
        double factor = BranchFactor(blocks.Count, depth);
        var steps = new List<ModelInitStep>();
        foreach (var block in blocks)
        {
            var layers = ModelLayers.Weighted(block.Branch);
            foreach (var layer in layers.Take(depth - 1))
                steps.Add(ResidualModel.Scale(ModelLayers.WeightOf(layer), factor, "scaled by L^(−1/(2m−2))"));
            steps.AddRange(ResidualModel.Zero(layers[^1]));
            steps.Add(ResidualModel.Set(block.Scale.Value, block.Scale.Name, 1, "multiplier = 1"));
            foreach (var shift in block.Shifts.Append(block.ShiftOut))
                shift.Value.Span.Clear();
        }
        steps.AddRange(ResidualModel.Zero(ModelLayers.Classifier(model)));
        string summary = string.Create(CultureInfo.InvariantCulture, $"fixup: L = {blocks.Count} branches, m = {depth}, factor L^(−1/(2m−2)) = {factor:G6}");
        return new ModelInitReport(Name, summary, steps);
    }
}
