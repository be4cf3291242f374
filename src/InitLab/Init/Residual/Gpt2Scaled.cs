using System.Globalization;
using InitLab.Init.Network;
using InitLab.Models;

namespace InitLab.Init.Residual;

/// <summary>GPT-2's init: every weight N(0, 0.02²); the output projection of every residual branch N(0, (0.02/√(2·L))²).</summary>
/// <remarks>
/// L = the number of residual blocks (GPT-2's n_layer); 12 blocks give 0.02/√24 = 0.0040825. The branch's last layer is
/// drawn from N(0, 0.02²) and multiplied by 1/√(2·L), which is the same distribution. (GPT-2 counts two residual
/// branches per transformer block, attention and MLP, hence the 2; the formula is kept as published.)
/// Radford et al. 2019, "Language Models are Unsupervised Multitask Learners", §2.3.
/// </remarks>
public sealed record Gpt2Scaled : ModelInitializer
{
    /// <summary>The std of every weight, 0.02.</summary>
    public const double Std = 0.02;

    /// <summary>0.02/√(2·L): the std of the residual output projections for <paramref name="blocks"/> residual blocks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">blocks &lt; 1.</exception>
    public static double ProjectionStd(int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        return Std / Math.Sqrt(2.0 * blocks);
    }

    /// <inheritdoc/>
    public override string BaseScheme => "normal:std=0.02";

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        var branches = ResidualModel.Branches(model, Name);
        double factor = 1 / Math.Sqrt(2.0 * branches.Count);
        var steps = branches.Select(b => ResidualModel.Scale(ModelLayers.WeightOf(ResidualModel.LastWeighted(b)), factor, "std 0.02/√(2·L)")).ToList();
        return new ModelInitReport(Name, string.Create(CultureInfo.InvariantCulture,
            $"gpt2-scaled: L = {branches.Count} blocks, output projections std {ProjectionStd(branches.Count):G6}"), steps);
    }
}
