namespace InitLab.Init;

/// <summary>The Dirac delta: a convolution that passes its input through. W[g·o + d, d, centre] = 1 for d &lt; min(o, in/g).</summary>
/// <remarks>
/// Rank 3–5 (Conv1d–Conv3d). With o = out/groups output channels per group, group g maps its d-th input channel
/// to its d-th output channel at the kernel centre (⌊k/2⌋ under <see cref="KernelCentre.Upper"/>, PyTorch;
/// ⌊(k−1)/2⌋ under <see cref="KernelCentre.Lower"/>, JAX); every other entry is 0. Groups come from the context's
/// <see cref="FanRule.Groups"/>; the layout (OutIn or InOut) decides which axes are channels.
/// As PyTorch <c>dirac_(tensor, groups)</c>. Zagoruyko &amp; Komodakis 2017, "DiracNets", https://arxiv.org/abs/1706.00388.
/// Example: <c>new Dirac().Initialize&lt;float&gt;(w, [16, 16, 3, 3], ctx)</c>.
/// </remarks>
public sealed record Dirac : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="centre">Which tap is the centre of an even-sized kernel.</param>
    /// <exception cref="ArgumentOutOfRangeException">centre is undefined.</exception>
    public Dirac(KernelCentre centre = KernelCentre.Upper)
    {
        Centre = KernelGeometry.CheckCentre(centre);
    }

    /// <summary>Which tap is the centre of an even-sized kernel.</summary>
    public KernelCentre Centre { get; }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context)
    {
        var kernel = KernelGeometry.Of(shape, context.Fans, "dirac");
        int perGroup = kernel.Out / context.Fans.Groups;
        long ones = (long)context.Fans.Groups * Math.Min(perGroup, kernel.In);
        return InitTheory.Pattern(ones, kernel.Count, 1, null);
    }

    private protected override void Write<T>(Span<T> weights, ReadOnlySpan<int> shape, InitContext context, InitTheory theory)
    {
        var kernel = KernelGeometry.Of(shape, context.Fans, "dirac");
        weights.Clear();
        int groups = context.Fans.Groups, perGroup = kernel.Out / groups;
        long centre = kernel.CentreTap(Centre);
        T one = Elements.From<T>(1);
        for (int g = 0; g < groups; g++)
            for (int d = 0; d < Math.Min(perGroup, kernel.In); d++)
                weights[checked((int)kernel.Index(g * perGroup + d, d, centre))] = one;
    }
}
