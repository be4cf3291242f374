using System.Numerics.Tensors;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>The mean softmax cross-entropy of logits [B, C] against class indices: L = (1/B)·Σ_b (logsumexp(z_b) − z_b[t_b]).</summary>
    /// <remarks>
    /// Fused and stable: each row is shifted by its maximum before exponentiating, and the log-sum is taken of values ≤ 1
    /// plus one exact 1, so no exponent overflows. Backward: dz = (softmax(z) − onehot(t))·dL/B.
    /// </remarks>
    /// <exception cref="ArgumentException">The logits are not rank 2, the target count differs from B, or a target is not a class index.</exception>
    public static Variable SoftmaxCrossEntropy(Tape tape, string layer, Variable logits, ReadOnlySpan<int> targets)
    {
        var z = logits.Value;
        if (z.Rank != 2 || targets.Length != z.Dim(0))
            throw new ArgumentException($"{layer}: softmax cross-entropy needs logits [B, C] and B targets; got {z} and {targets.Length} targets.");
        CheckTargets(layer, targets, z.Dim(1));
        return tape.Record<SoftmaxCrossEntropyNode>(layer).Forward(logits, targets);
    }

    /// <summary>Throws unless every target is a class index in [0, <paramref name="classes"/>).</summary>
    static void CheckTargets(string layer, ReadOnlySpan<int> targets, int classes)
    {
        foreach (int t in targets)
            if ((uint)t >= (uint)classes)
                throw new ArgumentException($"{layer}: target {t} is not a class index in [0, {classes}).");
    }

    /// <summary>The mean squared error L = (1/n)·Σ (y − t)² over all n elements; backward dy = 2(y − t)/n·dL.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Variable MeanSquaredError(Tape tape, string layer, Variable prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!prediction.Value.SameShape(target))
            throw new ArgumentException($"{layer}: mean squared error needs a target of the prediction's shape {prediction.Value}; got {target}.");
        return tape.Record<MeanSquaredErrorNode>(layer).Forward(prediction, target);
    }
}

internal sealed class SoftmaxCrossEntropyNode : Node
{
    Variable _z = null!;
    Tensor? _probabilities;
    int[] _targets = [];

    public override string Operation => "softmax_cross_entropy";

    public Variable Forward(Variable z, ReadOnlySpan<int> targets)
    {
        _z = z;
        int rows = z.Value.Dim(0), classes = z.Value.Dim(1);
        if (_targets.Length != rows)
            _targets = new int[rows];
        targets.CopyTo(_targets);
        _probabilities = Reuse(_probabilities, z.Value.Shape);
        ReadOnlySpan<float> zs = z.Value.Span;
        var p = _probabilities.Span;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = zs.Slice(r * classes, classes);
            var prow = p.Slice(r * classes, classes);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, prow);
            float shifted = prow[targets[r]];
            TensorPrimitives.Exp(prow, prow);
            float sum = TensorPrimitives.Sum(prow);
            TensorPrimitives.Divide(prow, sum, prow);
            total += Math.Log(sum) - shifted;
        }
        SetOutput([], z.RequiresGrad).Span[0] = (float)(total / rows);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        if (tape.GradOf(_z, out bool acc) is not { } dz)
            return;
        int rows = _z.Value.Dim(0), classes = _z.Value.Dim(1);
        float scale = Output.Grad!.Span[0] / rows;
        ReadOnlySpan<float> p = _probabilities!.Span;
        var d = dz.Span;
        for (int r = 0; r < rows; r++)
        {
            var row = d.Slice(r * classes, classes);
            if (acc)
                TensorPrimitives.MultiplyAdd(p.Slice(r * classes, classes), scale, row, row);
            else
                TensorPrimitives.Multiply(p.Slice(r * classes, classes), scale, row);
            row[_targets[r]] -= scale;
        }
    }
}

internal sealed class MeanSquaredErrorNode : Node
{
    Variable _y = null!;
    Tensor? _difference;

    public override string Operation => "mean_squared_error";

    public Variable Forward(Variable y, Tensor target)
    {
        _y = y;
        _difference = Reuse(_difference, y.Value.Shape);
        TensorPrimitives.Subtract(y.Value.Span, target.Span, _difference.Span);
        double sum = 0;
        foreach (float d in _difference.Span)
            sum += (double)d * d;
        SetOutput([], y.RequiresGrad).Span[0] = (float)(sum / y.Value.Length);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        if (tape.GradOf(_y, out bool acc) is not { } dy)
            return;
        float scale = 2 * Output.Grad!.Span[0] / _y.Value.Length;
        if (acc)
            TensorPrimitives.MultiplyAdd(_difference!.Span, scale, dy.Span, dy.Span);
        else
            TensorPrimitives.Multiply(_difference!.Span, scale, dy.Span);
    }
}
