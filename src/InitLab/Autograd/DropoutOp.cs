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
    public static Variable Dropout(Tape tape, string layer, Variable x, double p) => Masked(tape, layer, x, p, "dropout", DropoutStream);

    /// <summary>The stream of the dropout mask of <paramref name="layer"/> at optimizer step <paramref name="step"/>.</summary>
    public static RandomStream DropoutStream(ulong seed, string layer, long step) =>
        new(seed, string.Create(CultureInfo.InvariantCulture, $"dropout/{layer}/step{step}"));

    /// <summary>DropConnect on a weight: in training, W̃ = W⊙M/(1 − p) with M ~ Bernoulli(1 − p) per weight; in evaluation, W̃ = W.</summary>
    /// <remarks>
    /// Wan, Zeiler, Zhang, LeCun &amp; Fergus 2013, "Regularization of neural networks using DropConnect" (ICML): each weight is
    /// kept with probability 1 − p. The paper trains with M⊙W and infers with the mean approximation E[M⊙W] = (1 − p)·W; here
    /// the kept weights are scaled by 1/(1 − p) in training instead (inverted, as <see cref="Dropout"/> does), so the expected
    /// training weight is W itself and inference uses W unchanged: the same network with W reparametrized by (1 − p).
    /// One mask per step is shared by the batch's rows (the paper draws one per example). It comes from the stream
    /// <see cref="DropConnectStream"/> (seed, <c>dropconnect/{layer}/step{step}</c>): weight i is kept when the i-th U[0, 1)
    /// draw is ≥ p, so the mask depends only on (seed, layer, step), not on threads or on a resume. Backward:
    /// dW = dW̃⊙M/(1 − p).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">p is not in [0, 1).</exception>
    public static Variable DropConnect(Tape tape, string layer, Variable weight, double p) => Masked(tape, layer, weight, p, "dropconnect", DropConnectStream);

    /// <summary>The stream of the DropConnect mask of <paramref name="layer"/>'s weight at optimizer step <paramref name="step"/>.</summary>
    public static RandomStream DropConnectStream(ulong seed, string layer, long step) =>
        new(seed, string.Create(CultureInfo.InvariantCulture, $"dropconnect/{layer}/step{step}"));

    /// <summary>x⊙m/(1 − p) in training with m from <paramref name="stream"/>(seed, layer, step); x itself in evaluation or at p = 0.</summary>
    static Variable Masked(Tape tape, string layer, Variable x, double p, string kind, Func<ulong, string, long, RandomStream> stream)
    {
        if (!(p >= 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{layer}: {kind} p = {p.ToString(CultureInfo.InvariantCulture)} is not allowed; it must be in [0, 1).");
        if (!tape.Training || p == 0)
            return x;
        return tape.Record<DropoutNode>(layer).Forward(tape, x, (float)p, stream(tape.Seed, layer, tape.Step));
    }
}

internal sealed class DropoutNode : Node
{
    Variable _x = null!;
    float[]? _mask;

    public override string Operation => "dropout";

    /// <summary>y = x⊙m/(1 − p), m drawn from <paramref name="stream"/>: dropout's activations or DropConnect's weights.</summary>
    public Variable Forward(Tape tape, Variable x, float p, RandomStream stream)
    {
        _x = x;
        int n = x.Value.Length;
        var mask = Reuse(ref _mask, n).AsSpan(0, n);
        Random.Fill.Uniform(mask, stream, 0, 1, threads: tape.Threads);
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
