using System.Globalization;
using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>Inverted dropout with masks from the stream (seed, <c>dropout/{layer}/step{step}</c>) (<see cref="Ops.Dropout"/>).</summary>
public sealed class Dropout : Module
{
    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1).</exception>
    public Dropout(double p)
    {
        if (!(p >= 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout p = {p.ToString(CultureInfo.InvariantCulture)} is not allowed; it must be in [0, 1).");
        P = p;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override string Describe() => $"Dropout({P.ToString(CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.Dropout(tape, Name, x, P);
}
