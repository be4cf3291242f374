using System.Text.Json.Serialization;

namespace InitLab.Init;

/// <summary>An initialization scheme: an immutable, validated, JSON-serializable recipe for a parameter's values.</summary>
/// <remarks>
/// Every scheme is registered in <see cref="SchemeRegistry"/> under its name (the JSON discriminator) and aliases.
/// Values come only from the context's <see cref="Random.RandomStream"/>, so they are a pure function of
/// (seed, name, shape, scheme, fan rule, element type).
/// </remarks>
public abstract record InitScheme
{
    private protected InitScheme() { }

    /// <summary>The registry name, e.g. <c>glorot-uniform</c>.</summary>
    [JsonIgnore]
    public string Name => SchemeRegistry.Info(GetType()).Name;

    /// <summary>States exactly what <see cref="Initialize"/> will produce for <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The shape does not suit the scheme (rank, divisibility, a dimension ≤ 0).</exception>
    public InitTheory Describe(ReadOnlySpan<int> shape, InitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Shapes.Check(shape, checked((int)Shapes.Count(shape)));
        return Plan(shape, context);
    }

    /// <summary>Fills <paramref name="weights"/>, a row-major tensor of <paramref name="shape"/>.</summary>
    /// <typeparam name="T">float, double, Half or BFloat16.</typeparam>
    /// <exception cref="ArgumentException">The shape does not match the destination or does not suit the scheme.</exception>
    public void Initialize<T>(Span<T> weights, ReadOnlySpan<int> shape, InitContext context) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(context);
        Shapes.Check(shape, weights.Length);
        Write(weights, shape, context, Plan(shape, context));
    }

    private protected abstract InitTheory Plan(ReadOnlySpan<int> shape, InitContext context);

    /// <summary>Draws i.i.d. elements from the theory's distribution; structured schemes (whose theory has none) override this.</summary>
    private protected virtual void Write<T>(Span<T> weights, ReadOnlySpan<int> shape, InitContext context, InitTheory theory) where T : unmanaged =>
        theory.Element!.Sample(weights, context.Stream, 0, context.Threads);
}
