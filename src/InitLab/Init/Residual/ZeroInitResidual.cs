using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Nn;

namespace InitLab.Init.Residual;

/// <summary>Zero-init residual: the last normalization layer of every residual branch gets γ = 0, so every block starts as the identity.</summary>
/// <remarks>
/// The weights keep their per-parameter init (<see cref="BaseScheme"/> = he-normal). Needs <c>--norm batch</c> or
/// <c>layer</c>: the branch must end with a normalization (docs/models.md). Goyal et al. 2017, "Accurate, Large Minibatch
/// SGD: Training ImageNet in 1 Hour", §5.1, https://arxiv.org/abs/1706.02677; torchvision ResNet <c>zero_init_residual</c>.
/// </remarks>
public sealed record ZeroInitResidual : ModelInitializer
{
    /// <inheritdoc/>
    public override string BaseScheme => "he-normal";

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        var steps = new List<ModelInitStep>();
        foreach (var branch in ResidualModel.Branches(model, Name))
        {
            var gamma = branch.Layers.LastOrDefault(m => m is BatchNorm or LayerNorm) switch
            {
                BatchNorm b => b.Gamma,
                LayerNorm l => l.Gamma,
                _ => throw new ArgumentException($"zero-init-residual: {branch.Name} has no normalization layer; train with --norm batch or --norm layer.", nameof(model)),
            };
            steps.Add(ResidualModel.Set(gamma.Value, gamma.Name, 0, "γ = 0"));
        }
        return new ModelInitReport(Name, $"zero-init-residual: γ = 0 in the last normalization of {steps.Count} branches", steps);
    }
}
