using System.Globalization;
using System.Numerics.Tensors;
using InitLab.Random;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>Inverted dropout: in training, y = x·m/(1 − p) with m ~ Bernoulli(1 − p) per element; in evaluation, y = x.</summary>
    /// <remarks>
    /// The mask comes from the stream <see cref="DropoutStream"/> (seed, <c>dropout/{layer}/step{step}</c>): element i is kept
    /// when the i-th U[0, 1) draw is ≥ p. It depends only on (seed, layer, step), so a resumed run draws the same masks.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">p is not in [0, 1).</exception>
    public static Variable Dropout(Tape tape, string layer, Variable x, double p)
    {
        if (!(p >= 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{layer}: dropout p = {p.ToString(CultureInfo.InvariantCulture)} is not allowed; it must be in [0, 1).");
        if (!tape.Training || p == 0)
            return x;
        return tape.Record<DropoutNode>(layer).Forward(tape, x, (float)p);
    }

    /// <summary>The stream of the dropout mask of <paramref name="layer"/> at optimizer step <paramref name="step"/>.</summary>
    public static RandomStream DropoutStream(ulong seed, string layer, long step) =>
        new(seed, string.Create(CultureInfo.InvariantCulture, $"dropout/{layer}/step{step}"));
}

internal sealed class DropoutNode : Node
{
    Variable _x = null!;
    float[]? _mask;

    public override string Operation => "dropout";

    public Variable Forward(Tape tape, Variable x, float p)
    {
        _x = x;
        int n = x.Value.Length;
        var mask = Reuse(ref _mask, n).AsSpan(0, n);
        Random.Fill.Uniform(mask, Ops.DropoutStream(tape.Seed, Layer, tape.Step), 0, 1, threads: tape.Threads);
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++)
            mask[i] = mask[i] >= p ? keep : 0f;
        var y = SetOutput(x.Value.Shape, x.RequiresGrad);
        TensorPrimitives.Multiply(x.Value.Span, mask, y.Span);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        if (tape.GradOf(_x, out bool acc) is not { } dx)
            return;
        var mask = _mask.AsSpan(0, dx.Length);
        if (acc)
            TensorPrimitives.MultiplyAdd(Output.Grad!.Span, mask, dx.Span, dx.Span);
        else
            TensorPrimitives.Multiply(Output.Grad!.Span, mask, dx.Span);
    }
}
