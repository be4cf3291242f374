using System.Globalization;
using System.Numerics.Tensors;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>The penalty R = λ₁·Σ|w| + (λ₂/2)·Σw² over every element of <paramref name="weights"/>, as a loss term.</summary>
    /// <remarks>
    /// L1 (lasso; Tibshirani 1996) and L2 (ridge, Tikhonov; Krogh &amp; Hertz 1991 for networks) penalties, added to the data loss.
    /// Backward: dw = (λ₁·sign(w) + λ₂·w)·dR, with sign(0) = 0 (PyTorch's derivative of |w| at 0). The sums are taken in float64
    /// in the weights' order. With SGD, (λ₂/2)·Σw² gives the same update as weight decay λ₂ restricted to these weights.
    /// </remarks>
    /// <exception cref="ArgumentException">λ₁ or λ₂ is negative or not finite.</exception>
    public static Variable WeightPenalty(Tape tape, string layer, IReadOnlyList<Variable> weights, double l1, double l2)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!(l1 >= 0) || !double.IsFinite(l1))
            throw new ArgumentException($"--l1 = {l1.ToString("R", CultureInfo.InvariantCulture)} is not allowed; it must be finite and ≥ 0.");
        if (!(l2 >= 0) || !double.IsFinite(l2))
            throw new ArgumentException($"--l2 = {l2.ToString("R", CultureInfo.InvariantCulture)} is not allowed; it must be finite and ≥ 0.");
        return tape.Record<WeightPenaltyNode>(layer).Forward(weights, l1, l2);
    }
}

internal sealed class WeightPenaltyNode : Node
{
    IReadOnlyList<Variable> _weights = [];
    double _l1, _l2;
    float[]? _scratch;

    public override string Operation => "weight_penalty";

    public Variable Forward(IReadOnlyList<Variable> weights, double l1, double l2)
    {
        (_weights, _l1, _l2) = (weights, l1, l2);
        double absolute = 0, squares = 0;
        foreach (var w in weights)
        {
            var span = w.Value.Span;
            if (l1 > 0)
                foreach (float v in span)
                    absolute += Math.Abs(v);
            if (l2 > 0)
                squares += Training.GradientClipping.SumOfSquares(span);
        }
        SetOutput([], weights.Any(w => w.RequiresGrad)).Span[0] = (float)(l1 * absolute + l2 / 2 * squares);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        float upstream = Output.Grad!.Span[0];
        float l1 = (float)(_l1 * upstream), l2 = (float)(_l2 * upstream);
        foreach (var w in _weights)
        {
            if (tape.GradOf(w, out bool acc) is not { } dw)
                continue;
            var target = Target(dw, acc, ref _scratch);
            ReadOnlySpan<float> v = w.Value.Span;
            for (int i = 0; i < v.Length; i++)
                target[i] = l1 * MathF.Sign(v[i]) + l2 * v[i];
            Commit(dw, acc, _scratch);
        }
    }
}
