using System.Globalization;
using InitLab.Models.Spec;

namespace InitLab.Init.MuP;

/// <summary>The width of a model spec, and the same spec at another width: what μP's base model and the coordinate check vary.</summary>
/// <remarks>
/// A spec's width is its first hidden width (<c>mlp</c>, <c>resmlp</c>) or its first convolution's channel count
/// (<c>cnn</c>, <c>rescnn</c>). <see cref="At"/> multiplies every hidden width, residual stage width, channel count and
/// <c>fN</c> width by width/<see cref="Of"/> (rounded, at least 1); the input size, kernels, pools, block counts and class
/// count stay. So <c>mlp:784-256-128-10</c> at width 512 is <c>mlp:784-512-256-10</c>.
/// </remarks>
public static class SpecWidth
{
    /// <summary>The spec's width.</summary>
    public static int Of(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec switch
        {
            MlpSpec mlp => mlp.Hidden.Count > 0 ? Width(mlp.Hidden[0]) : throw NoWidth(spec),
            ConvNetSpec cnn => cnn.Features.OfType<ConvLayer>().First().Channels,
            _ => throw NoWidth(spec),
        };
    }

    /// <summary>The spec with every width scaled so that its width is <paramref name="width"/>.</summary>
    /// <exception cref="ArgumentException">The spec has no hidden width (e.g. <c>mlp:784-10</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">width &lt; 1.</exception>
    public static ModelSpec At(ModelSpec spec, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        double ratio = (double)width / Of(spec);
        string S(int w) => Math.Max(1, (int)Math.Round(w * ratio)).ToString(CultureInfo.InvariantCulture);
        string prefix = ModelSpec.Prefix(spec.Family);
        string text = spec switch
        {
            MlpSpec mlp => $"{prefix}:{string.Join("-", [mlp.Inputs.ToString(CultureInfo.InvariantCulture),
                .. mlp.Hidden.Select(h => h is ResidualDenseStage r ? $"{S(r.Width)}x{r.Blocks}" : S(Width(h))), mlp.Classes.ToString(CultureInfo.InvariantCulture)])}",
            ConvNetSpec cnn => $"{prefix}:{string.Join("-", [.. cnn.Features.Select(f => f switch
            {
                ConvLayer c => c.Kernel == ConvLayer.DefaultKernel ? $"c{S(c.Channels)}" : $"c{S(c.Channels)}k{c.Kernel}",
                ResidualConvStage r => $"r{S(r.Channels)}x{r.Blocks}",
                _ => f.ToString(),
            }), .. cnn.Dense.Select(d => "f" + S(d.Width)), cnn.Classes.ToString(CultureInfo.InvariantCulture)])}",
            _ => throw NoWidth(spec),
        };
        return ModelSpec.Parse(text);
    }

    static int Width(HiddenLayer layer) => layer switch
    {
        DenseLayer d => d.Width,
        ResidualDenseStage r => r.Width,
        _ => throw new ArgumentException($"hidden layer '{layer}' has no width."),
    };

    static ArgumentException NoWidth(ModelSpec spec) =>
        new($"model '{spec}' has no hidden width to scale; μP and the coordinate check need at least one hidden layer.", nameof(spec));
}
