using System.Numerics.Tensors;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>y = x + β with a learnable scalar β (a one-element variable), as Fixup's scalar biases.</summary>
    /// <remarks>Derivatives: dx = dy, dβ = Σ dy (summed in order, so the bits do not depend on threads).</remarks>
    /// <exception cref="ArgumentException">β does not have exactly one element.</exception>
    public static Variable Shift(Tape tape, string layer, Variable x, Variable beta)
    {
        if (beta.Value.Length != 1)
            throw new ArgumentException($"{layer}: shift needs a one-element β; got {beta.Value}.");
        return tape.Record<ShiftNode>(layer).Forward(x, beta);
    }
}

internal sealed class ShiftNode : Node
{
    Variable _x = null!, _beta = null!;

    public override string Operation => "shift";

    public Variable Forward(Variable x, Variable beta)
    {
        (_x, _beta) = (x, beta);
        var y = SetOutput(x.Value.Shape, x.RequiresGrad || beta.RequiresGrad);
        TensorPrimitives.Add(x.Value.Span, beta.Value.Span[0], y.Span);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        var dy = Output.Grad!;
        if (tape.GradOf(_beta, out bool accB) is { } db)
        {
            double sum = 0;
            foreach (float v in dy.Span)
                sum += v;
            db.Span[0] = accB ? db.Span[0] + (float)sum : (float)sum;
        }
        AddNode.PassThrough(tape, _x, dy);
    }
}
