using InitLab.Validation;

namespace InitLab.Init;

/// <summary>How to read fan_in and fan_out from a weight shape: the one place fans are computed.</summary>
/// <remarks>
/// Under <see cref="WeightLayout.OutIn"/> [out, in/g, *k]: fan_in = shape[1]·k̄, fan_out = (shape[0]/g)·k̄.
/// Under <see cref="WeightLayout.InOut"/> [*k, in/g, out]: fan_in = shape[−2]·k̄, fan_out = (shape[−1]/g)·k̄.
/// Transposed layouts swap the roles of the channel axes: [in, out/g, *k] gives fan_in = (shape[0]/g)·k̄ and
/// fan_out = shape[1]·k̄. (PyTorch reads a ConvTranspose weight as if it were OutIn; use OutIn to reproduce that.)
/// With <see cref="CorrectGroups"/> false, the total channel axis is not divided by g: this reproduces PyTorch's
/// and Keras's uncorrected fan_out for grouped convolutions (pytorch issue #23854).
/// Rank &lt; 2 is an error unless <see cref="FanIn"/> and <see cref="FanOut"/> are given.
/// </remarks>
public sealed record FanRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="layout">The weight layout; ignored only when <paramref name="axes"/> or explicit fans are given.</param>
    /// <param name="groups">Convolution groups g ≥ 1.</param>
    /// <param name="correctGroups">Divide the total channel count by g (true, exact) or not (PyTorch's value).</param>
    /// <param name="axes">Explicit fan axes, used instead of the layout's.</param>
    /// <param name="fanIn">An explicit fan_in; give it together with <paramref name="fanOut"/>.</param>
    /// <param name="fanOut">An explicit fan_out; give it together with <paramref name="fanIn"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">groups &lt; 1, or an explicit fan is not positive.</exception>
    /// <exception cref="ArgumentException">Only one of the fans is given.</exception>
    public FanRule(WeightLayout layout = WeightLayout.OutIn, int groups = 1, bool correctGroups = true, FanAxes? axes = null, long? fanIn = null, long? fanOut = null)
    {
        if (!Enum.IsDefined(layout)) throw Guard.OutOfRange(nameof(layout), layout, "use a defined WeightLayout");
        Guard.AtLeastOne(groups, nameof(groups));
        if (fanIn is null != fanOut is null)
            throw new ArgumentException($"fan_in = {fanIn?.ToString() ?? "none"} and fan_out = {fanOut?.ToString() ?? "none"}: give both fans or neither.", fanIn is null ? nameof(fanIn) : nameof(fanOut));
        if (fanIn is { } fi) Guard.AtLeastOne(fi, nameof(fanIn));
        if (fanOut is { } fo) Guard.AtLeastOne(fo, nameof(fanOut));
        Layout = layout;
        Groups = groups;
        CorrectGroups = correctGroups;
        Axes = axes;
        FanIn = fanIn;
        FanOut = fanOut;
    }

    /// <summary>The PyTorch convention: OutIn, one group.</summary>
    public static FanRule Default { get; } = new();

    /// <summary>The weight layout.</summary>
    public WeightLayout Layout { get; }

    /// <summary>Convolution groups.</summary>
    public int Groups { get; }

    /// <summary>Whether fan_out (fan_in for transposed layouts) is divided by the groups.</summary>
    public bool CorrectGroups { get; }

    /// <summary>Explicit fan axes, or null to use the layout's.</summary>
    public FanAxes? Axes { get; }

    /// <summary>An explicit fan_in, or null to read it from the shape.</summary>
    public long? FanIn { get; }

    /// <summary>An explicit fan_out, or null to read it from the shape.</summary>
    public long? FanOut { get; }

    /// <summary>Computes the fans of a weight of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The rank is below 2 without explicit fans, an axis is out of range or repeated, or the channels are not divisible by the groups.</exception>
    public Fans Compute(ReadOnlySpan<int> shape)
    {
        if (FanIn is long givenIn && FanOut is long givenOut)
            return new Fans(givenIn, givenOut, null);
        if (shape.Length < 2)
            throw new ArgumentException($"shape = [{Shapes.Format(shape)}] has rank {shape.Length}; fans need rank ≥ 2, or give fan_in and fan_out explicitly.", nameof(shape));
        var (inAxes, outAxes, batchAxes, totalIsIn) = Axes is { } axes
            ? (Normalize(axes.In, shape.Length), Normalize(axes.Out, shape.Length), Normalize(axes.Batch, shape.Length), false)
            : LayoutAxes(Layout, shape.Length);
        var all = inAxes.Concat(outAxes).Concat(batchAxes).ToArray();
        if (all.Distinct().Count() != all.Length)
            throw new ArgumentException($"fan axes in = [{string.Join(", ", inAxes)}], out = [{string.Join(", ", outAxes)}], batch = [{string.Join(", ", batchAxes)}] repeat an axis; each axis may appear once.", nameof(Axes));
        long inSize = Product(shape, inAxes), outSize = Product(shape, outAxes);
        long receptive = Shapes.Count(shape) / (inSize * outSize * Product(shape, batchAxes));
        if (Groups > 1 && CorrectGroups)
        {
            long total = totalIsIn ? inSize : outSize;
            if (total % Groups != 0)
                throw new ArgumentException($"groups = {Groups} does not divide the {(totalIsIn ? "input" : "output")} channels ({total}) of shape [{Shapes.Format(shape)}].", nameof(Groups));
            if (totalIsIn) inSize /= Groups; else outSize /= Groups;
        }
        return new Fans(inSize * receptive, outSize * receptive, receptive);
    }

    static (int[] In, int[] Out, int[] Batch, bool TotalIsIn) LayoutAxes(WeightLayout layout, int rank) => layout switch
    {
        WeightLayout.OutIn => ([1], [0], [], false),
        WeightLayout.InOut => ([rank - 2], [rank - 1], [], false),
        WeightLayout.OutInTransposed => ([0], [1], [], true),
        _ => ([rank - 1], [rank - 2], [], true),
    };

    static int[] Normalize(IReadOnlyList<int> axes, int rank) => axes.Select(a => a >= -rank && a < rank
        ? (a + rank) % rank
        : throw new ArgumentException($"axis = {a} is out of range for rank {rank}; it must be in [{-rank}, {rank - 1}].", nameof(Axes))).ToArray();

    static long Product(ReadOnlySpan<int> shape, int[] axes)
    {
        long p = 1;
        foreach (int a in axes) p *= shape[a];
        return p;
    }
}
