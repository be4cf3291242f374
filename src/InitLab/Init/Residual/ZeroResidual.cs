using InitLab.Init.Network;
using InitLab.Models;

namespace InitLab.Init.Residual;

/// <summary>ZerO on a network (Zhao et al. 2022): every weight from the deterministic catalog scheme <c>zero</c>, and the last layer of every residual branch 0.</summary>
/// <remarks>
/// Partial identities and Hadamard matrices (<see cref="Init.Zero"/>) make every layer an (almost) identity map; a branch
/// of identities would double the signal at every block, so, as in the paper's ResNet recipe, each branch's last layer
/// (weight and bias) starts at 0 and every block is the identity at init. Plain networks get the per-tensor scheme only.
/// No random numbers are drawn: the weights are the same for every seed.
/// Zhao, Schäfer &amp; Anandkumar 2022, https://arxiv.org/abs/2110.12661.
/// </remarks>
public sealed record ZeroResidual : ModelInitializer
{
    /// <inheritdoc/>
    public override string BaseScheme => "zero";

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        var branches = ModelLayers.Branches(model.Layers);
        var steps = branches.SelectMany(b => ResidualModel.Zero(ResidualModel.LastWeighted(b))).ToList();
        return new ModelInitReport(Name, $"zero (ZerO): deterministic weights; {branches.Count} residual branch ends zeroed", steps);
    }
}
