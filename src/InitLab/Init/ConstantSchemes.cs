using InitLab.Random;
using InitLab.Validation;

namespace InitLab.Init;

/// <summary>Every element 0.</summary>
/// <remarks>As PyTorch <c>zeros_</c>, Keras <c>Zeros</c>, JAX <c>zeros</c>. The usual bias init outside PyTorch.</remarks>
public sealed record Zeros : InitScheme
{
    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context) => InitTheory.Of(Distribution.Constant(0));
}

/// <summary>Every element 1.</summary>
/// <remarks>As PyTorch <c>ones_</c>, Keras <c>Ones</c>, JAX <c>ones</c>. The usual norm-layer scale init.</remarks>
public sealed record Ones : InitScheme
{
    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context) => InitTheory.Of(Distribution.Constant(1));
}

/// <summary>Every element equals <see cref="Value"/>.</summary>
/// <remarks>As PyTorch <c>constant_</c>, Keras <c>Constant</c>, JAX <c>constant</c>.</remarks>
public sealed record Constant : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="value">The value; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">value is not finite.</exception>
    public Constant(double value)
    {
        Guard.Finite(value, nameof(value));
        Value = value;
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context) => InitTheory.Of(Distribution.Constant(Value));
}
