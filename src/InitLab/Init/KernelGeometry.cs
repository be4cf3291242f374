using InitLab.Validation;

namespace InitLab.Init;

/// <summary>Where the channel axes and the kernel taps of a convolution weight sit, for the dirac and delta-orthogonal patterns.</summary>
/// <param name="Out">Output channels (all groups).</param>
/// <param name="In">Input channels per group.</param>
/// <param name="Kernel">The spatial sizes.</param>
/// <param name="OutputLast">True for InOut ([*k, in, out]), false for OutIn ([out, in, *k]).</param>
internal readonly record struct KernelGeometry(int Out, int In, int[] Kernel, bool OutputLast)
{
    /// <summary>The number of elements.</summary>
    public long Count => (long)Out * In * Taps;

    long Taps => Kernel.Aggregate(1L, (a, k) => a * k);

    /// <summary>Reads a rank 3–5 convolution weight under the rule's layout; the output channels must divide into the groups.</summary>
    /// <exception cref="ArgumentException">The rank, the layout or the groups do not fit.</exception>
    public static KernelGeometry Of(ReadOnlySpan<int> shape, FanRule rule, string scheme)
    {
        Shapes.Rank(shape, 3, 5, scheme);
        if (rule.Layout is not (WeightLayout.OutIn or WeightLayout.InOut))
            throw new ArgumentException($"layout = {EnumText.Name(rule.Layout)} is not allowed for {scheme}; use out-in or in-out.", nameof(rule));
        bool last = rule.Layout == WeightLayout.InOut;
        var geometry = last
            ? new KernelGeometry(shape[^1], shape[^2], shape[..^2].ToArray(), true)
            : new KernelGeometry(shape[0], shape[1], shape[2..].ToArray(), false);
        if (geometry.Out % rule.Groups != 0)
            throw new ArgumentException($"groups = {rule.Groups} does not divide the output channels ({geometry.Out}) of shape [{Shapes.Format(shape)}].", nameof(rule));
        return geometry;
    }

    public static KernelCentre CheckCentre(KernelCentre centre) => Enum.IsDefined(centre)
        ? centre
        : throw Guard.OutOfRange(nameof(centre), centre, "use upper (PyTorch, ⌊k/2⌋) or lower (JAX, ⌊(k−1)/2⌋)");

    /// <summary>The row-major index of the centre tap among the kernel's taps.</summary>
    public long CentreTap(KernelCentre centre)
    {
        long tap = 0;
        foreach (int k in Kernel)
            tap = tap * k + (centre == KernelCentre.Upper ? k / 2 : (k - 1) / 2);
        return tap;
    }

    /// <summary>The flat row-major index of W[out o, in i, tap].</summary>
    public long Index(long o, long i, long tap) => OutputLast ? (tap * In + i) * Out + o : (o * In + i) * Taps + tap;
}
