using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>Class-weighted softmax cross-entropy: L = Σ_b w[t_b]·(logsumexp(z_b) − z_b[t_b]) / Σ_b w[t_b].</summary>
    /// <remarks>
    /// PyTorch's <c>cross_entropy(z, t, weight=w)</c> with the default mean reduction (which divides by the sum of the batch's
    /// weights, not by B). Backward: dz_b = w[t_b]·(softmax(z_b) − onehot(t_b))/Σ_b w[t_b]·dL. Each row is computed in float64
    /// with its maximum subtracted.
    /// </remarks>
    /// <exception cref="ArgumentException">The logits are not [B, C], the target count differs from B, a target is not a class, a weight is negative or not finite, or the batch's weights sum to 0.</exception>
    public static Variable WeightedSoftmaxCrossEntropy(Tape tape, string layer, Variable logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> classWeights)
    {
        var z = logits.Value;
        if (z.Rank != 2 || targets.Length != z.Dim(0) || classWeights.Length != z.Dim(1))
            throw new ArgumentException($"{layer}: weighted cross-entropy needs logits [B, C], B targets and C weights; got {z}, {targets.Length} targets and {classWeights.Length} weights.");
        foreach (float w in classWeights)
            if (!(w >= 0) || !float.IsFinite(w))
                throw new ArgumentException($"{layer}: class weight {w} is not allowed; weights must be finite and ≥ 0.");
        double total = 0;
        foreach (int t in targets)
            total += (uint)t < (uint)z.Dim(1) ? classWeights[t] : throw new ArgumentException($"{layer}: target {t} is not a class index in [0, {z.Dim(1)}).");
        if (!(total > 0))
            throw new ArgumentException($"{layer}: the batch's class weights sum to 0, so the weighted mean is undefined.");
        return tape.Record<WeightedCrossEntropyNode>(layer).Forward(logits, targets, classWeights, total);
    }
}

internal sealed class WeightedCrossEntropyNode : ScalarLossNode
{
    public override string Operation => "weighted_cross_entropy";

    public Variable Forward(Variable z, ReadOnlySpan<int> targets, ReadOnlySpan<float> weights, double total)
    {
        Logits = z;
        int rows = z.Value.Dim(0), classes = z.Value.Dim(1);
        var gradient = GradientBuffer(rows * classes);
        ReadOnlySpan<float> zs = z.Value.Span;
        var exp = new double[classes];
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = zs.Slice(r * classes, classes);
            double max = double.NegativeInfinity, sum = 0;
            foreach (float v in row)
                max = Math.Max(max, v);
            for (int c = 0; c < classes; c++)
                sum += exp[c] = Math.Exp(row[c] - max);
            double w = weights[targets[r]];
            loss += w * (max + Math.Log(sum) - row[targets[r]]);
            for (int c = 0; c < classes; c++)
                gradient[r * classes + c] = (float)(w * (exp[c] / sum - (c == targets[r] ? 1 : 0)) / total);
        }
        SetOutput([], z.RequiresGrad).Span[0] = (float)(loss / total);
        return Output;
    }
}
