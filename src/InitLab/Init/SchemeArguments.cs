namespace InitLab.Init;

/// <summary>Scheme parameters as they arrive from the edges (CLI options, configs); null means "not given".</summary>
/// <remarks>
/// <see cref="SchemeRegistry.Create"/> rejects a given parameter the scheme does not take, so nothing is accepted and
/// then ignored, and fills the ones not given from the scheme's and the flavor's defaults.
/// </remarks>
public sealed record SchemeArguments
{
    /// <summary>gain: glorot-*, orthogonal, identity, delta-orthogonal.</summary>
    public double? Gain { get; init; }

    /// <summary>mode: he-*, variance-scaling.</summary>
    public FanMode? Mode { get; init; }

    /// <summary>nonlinearity: he-*.</summary>
    public Nonlinearity? Nonlinearity { get; init; }

    /// <summary>negative-slope: he-* (implies leaky-relu when no nonlinearity is given).</summary>
    public double? NegativeSlope { get; init; }

    /// <summary>scale: variance-scaling.</summary>
    public double? Scale { get; init; }

    /// <summary>distribution: variance-scaling.</summary>
    public ScalingDistribution? Distribution { get; init; }

    /// <summary>mean: normal, truncated-normal.</summary>
    public double? Mean { get; init; }

    /// <summary>std: normal, truncated-normal, sparse.</summary>
    public double? Std { get; init; }

    /// <summary>low: uniform, truncated-normal.</summary>
    public double? Low { get; init; }

    /// <summary>high: uniform, truncated-normal.</summary>
    public double? High { get; init; }

    /// <summary>value: constant.</summary>
    public double? Value { get; init; }

    /// <summary>sparsity: sparse.</summary>
    public double? Sparsity { get; init; }

    /// <summary>The edge names of the parameters that were given.</summary>
    public IEnumerable<string> Given()
    {
        (string Name, bool Given)[] all =
        [
            ("gain", Gain.HasValue), ("mode", Mode.HasValue), ("nonlinearity", Nonlinearity.HasValue),
            ("negative-slope", NegativeSlope.HasValue), ("scale", Scale.HasValue), ("distribution", Distribution.HasValue),
            ("mean", Mean.HasValue), ("std", Std.HasValue), ("low", Low.HasValue), ("high", High.HasValue),
            ("value", Value.HasValue), ("sparsity", Sparsity.HasValue),
        ];
        return all.Where(p => p.Given).Select(p => p.Name);
    }
}
