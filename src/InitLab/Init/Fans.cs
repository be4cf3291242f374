namespace InitLab.Init;

/// <summary>The fans of a weight: the number of inputs feeding one output unit, and of outputs fed by one input.</summary>
/// <param name="FanIn">fan_in = (input channels per group)·k̄.</param>
/// <param name="FanOut">fan_out = (output channels per group)·k̄.</param>
/// <param name="ReceptiveField">k̄, the product of the kernel's spatial sizes; null when the fans were given explicitly.</param>
public readonly record struct Fans(long FanIn, long FanOut, long? ReceptiveField);

/// <summary>Explicit fan axes, as JAX's <c>variance_scaling(in_axis, out_axis, batch_axis)</c>.</summary>
/// <remarks>
/// fan_in = ∏shape[In]·k̄ and fan_out = ∏shape[Out]·k̄, where k̄ is the product of every axis that is neither
/// an input, an output nor a batch axis. Negative axes count from the end.
/// </remarks>
public sealed record FanAxes
{
    /// <summary>Creates explicit axes.</summary>
    /// <param name="in">Input axes; at least one.</param>
    /// <param name="out">Output axes; at least one.</param>
    /// <param name="batch">Batch axes, excluded from the fans; may be empty.</param>
    /// <exception cref="ArgumentException">An axis list is empty where one is required.</exception>
    public FanAxes(IReadOnlyList<int> @in, IReadOnlyList<int> @out, IReadOnlyList<int>? batch = null)
    {
        ArgumentNullException.ThrowIfNull(@in);
        ArgumentNullException.ThrowIfNull(@out);
        if (@in.Count == 0) throw new ArgumentException("in axes = [] is not allowed; give at least one axis.", nameof(@in));
        if (@out.Count == 0) throw new ArgumentException("out axes = [] is not allowed; give at least one axis.", nameof(@out));
        In = [.. @in];
        Out = [.. @out];
        Batch = [.. batch ?? []];
    }

    /// <summary>Input axes.</summary>
    public IReadOnlyList<int> In { get; }

    /// <summary>Output axes.</summary>
    public IReadOnlyList<int> Out { get; }

    /// <summary>Batch axes (independent weight matrices stacked along them).</summary>
    public IReadOnlyList<int> Batch { get; }
}
