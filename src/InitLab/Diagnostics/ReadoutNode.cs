using System.Numerics.Tensors;
using InitLab.Autograd;

namespace InitLab.Diagnostics;

/// <summary>The probe's Gaussian readout L = (1/B)·Σ g·y (<see cref="ProbeLoss.GaussianReadout"/>) as a tape operation: dL/dy = g/B.</summary>
internal sealed class ReadoutNode : Node
{
    Variable _y = null!;
    float[] _g = [];
    float[]? _scratch;

    public override string Operation => "gaussian_readout";

    /// <summary>Records L for <paramref name="y"/> [B, …] and readout weights <paramref name="g"/> of the same length.</summary>
    public static Variable Record(Tape tape, Variable y, float[] g)
    {
        if (g.Length != y.Value.Length)
            throw new ArgumentException($"the readout has {g.Length} weights for an output {y.Value}.", nameof(g));
        return tape.Record<ReadoutNode>("probe.readout").Forward(y, g);
    }

    Variable Forward(Variable y, float[] g)
    {
        (_y, _g) = (y, g);
        var loss = SetOutput([1], y.RequiresGrad);
        loss.Span[0] = (float)(TensorPrimitives.Dot(g, y.Value.Span) / y.Value.Dim(0));
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        if (tape.GradOf(_y, out bool accumulate) is not { } dy)
            return;
        float scale = Output.Grad!.Span[0] / _y.Value.Dim(0);
        TensorPrimitives.Multiply(_g, scale, Target(dy, accumulate, ref _scratch));
        Commit(dy, accumulate, _scratch);
    }
}
