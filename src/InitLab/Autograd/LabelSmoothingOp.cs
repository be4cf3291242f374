using System.Globalization;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>The mean cross-entropy against smoothed targets: L = (1/B)·Σ_b Σ_c −q_bc·log softmax(z_b)_c, q_b = (1 − ε)·onehot(t_b) + ε/C.</summary>
    /// <remarks>
    /// Szegedy et al. 2016, "Rethinking the Inception architecture for computer vision" (label-smoothing regularization); PyTorch's
    /// <c>CrossEntropyLoss(label_smoothing=ε)</c> with the default mean reduction. Equivalently L = (1 − ε)·CE + ε·(1/B)·Σ_b mean_c(−log p_bc).
    /// Backward: dz_b = (softmax(z_b) − q_b)/B·dL. Each row is computed in float64 with its maximum subtracted. ε = 0 is the plain
    /// <see cref="SoftmaxCrossEntropy"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The logits are not [B, C], the target count differs from B, a target is not a class index, or ε is outside [0, 1].</exception>
    public static Variable LabelSmoothedCrossEntropy(Tape tape, string layer, Variable logits, ReadOnlySpan<int> targets, double epsilon)
    {
        var z = logits.Value;
        if (z.Rank != 2 || targets.Length != z.Dim(0))
            throw new ArgumentException($"{layer}: label-smoothed cross-entropy needs logits [B, C] and B targets; got {z} and {targets.Length} targets.");
        CheckTargets(layer, targets, z.Dim(1));
        if (!(epsilon >= 0 && epsilon <= 1))
            throw new ArgumentException($"--label-smoothing = {epsilon.ToString("R", CultureInfo.InvariantCulture)} is not allowed; it must be in [0, 1].");
        return tape.Record<LabelSmoothingNode>(layer).Forward(logits, targets, epsilon);
    }
}

internal sealed class LabelSmoothingNode : ScalarLossNode
{
    public override string Operation => "label_smoothed_cross_entropy";

    public Variable Forward(Variable z, ReadOnlySpan<int> targets, double epsilon)
    {
        Logits = z;
        int rows = z.Value.Dim(0), classes = z.Value.Dim(1);
        var gradient = GradientBuffer(rows * classes);
        ReadOnlySpan<float> zs = z.Value.Span;
        double off = epsilon / classes, on = 1 - epsilon + off, loss = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = zs.Slice(r * classes, classes);
            double max = double.NegativeInfinity, sum = 0;
            foreach (float v in row)
                max = Math.Max(max, v);
            foreach (float v in row)
                sum += Math.Exp(v - max);
            double log = Math.Log(sum);
            for (int c = 0; c < classes; c++)
            {
                double logP = row[c] - max - log, q = c == targets[r] ? on : off;
                loss -= q * logP;
                gradient[r * classes + c] = (float)((Math.Exp(logP) - q) / rows);
            }
        }
        SetOutput([], z.RequiresGrad).Span[0] = (float)(loss / rows);
        return Output;
    }
}
