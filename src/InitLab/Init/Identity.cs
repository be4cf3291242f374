using InitLab.Validation;

namespace InitLab.Init;

/// <summary>The identity matrix times a gain: W[i, i] = gain for i &lt; min(rows, cols), every other entry 0.</summary>
/// <remarks>
/// 2-D only. Aliases: <c>eye</c>. As PyTorch <c>eye_</c> (gain 1) and Keras <c>Identity(gain)</c>.
/// Used for residual-friendly and recurrent inits (Le, Jaitly &amp; Hinton 2015, IRNN, https://arxiv.org/abs/1504.00941).
/// Example: <c>new Identity(gain: 1).Initialize&lt;float&gt;(w, [128, 128], ctx)</c>.
/// </remarks>
public sealed record Identity : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="gain">The diagonal value; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">gain is not finite and positive.</exception>
    public Identity(double gain = 1)
    {
        Guard.Positive(gain, nameof(gain));
        Gain = gain;
    }

    /// <summary>The diagonal value.</summary>
    public double Gain { get; }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context)
    {
        Shapes.Rank(shape, 2, 2, "identity");
        return InitTheory.Pattern(Math.Min(shape[0], shape[1]), (long)shape[0] * shape[1], Gain, Gain);
    }

    private protected override void Write<T>(Span<T> weights, ReadOnlySpan<int> shape, InitContext context, InitTheory theory)
    {
        weights.Clear();
        T gain = Elements.From<T>(Gain);
        for (int i = 0; i < Math.Min(shape[0], shape[1]); i++)
            weights[i * shape[1] + i] = gain;
    }
}
