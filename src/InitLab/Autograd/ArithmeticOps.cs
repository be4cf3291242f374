using System.Numerics.Tensors;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>y = a + b for tensors of one shape (the sum of a residual block).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Variable Add(Tape tape, string layer, Variable a, Variable b)
    {
        if (!a.Value.SameShape(b.Value))
            throw new ArgumentException($"{layer}: add needs operands of one shape; got {a.Value} and {b.Value}.");
        return tape.Record<AddNode>(layer).Forward(a, b);
    }

    /// <summary>y = α·x with a learnable scalar α (a one-element variable), as on a ReZero or SkipInit branch.</summary>
    /// <remarks>Derivatives: dx = α·dy, dα = Σ dy·x.</remarks>
    /// <exception cref="ArgumentException">α does not have exactly one element.</exception>
    public static Variable Scale(Tape tape, string layer, Variable x, Variable alpha)
    {
        if (alpha.Value.Length != 1)
            throw new ArgumentException($"{layer}: scale needs a one-element α; got {alpha.Value}.");
        return tape.Record<ScaleNode>(layer).Forward(x, alpha);
    }

    /// <summary>A view of x with a new shape (one dimension may be −1); the gradient is reshaped back.</summary>
    public static Variable Reshape(Tape tape, string layer, Variable x, params int[] shape) =>
        tape.Record<ReshapeNode>(layer).Forward(x, shape);
}

internal sealed class AddNode : Node
{
    Variable _a = null!, _b = null!;

    public override string Operation => "add";

    public Variable Forward(Variable a, Variable b)
    {
        (_a, _b) = (a, b);
        var y = SetOutput(a.Value.Shape, a.RequiresGrad || b.RequiresGrad);
        TensorPrimitives.Add(a.Value.Span, b.Value.Span, y.Span);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        PassThrough(tape, _a, Output.Grad!);
        PassThrough(tape, _b, Output.Grad!);
    }

    /// <summary>dx (+)= dy.</summary>
    internal static void PassThrough(Tape tape, Variable x, Tensor dy)
    {
        if (tape.GradOf(x, out bool acc) is not { } dx)
            return;
        if (acc)
            TensorPrimitives.Add(dx.Span, dy.Span, dx.Span);
        else
            dy.Span.CopyTo(dx.Span);
    }
}

internal sealed class ScaleNode : Node
{
    Variable _x = null!, _alpha = null!;

    public override string Operation => "scale";

    public Variable Forward(Variable x, Variable alpha)
    {
        (_x, _alpha) = (x, alpha);
        var y = SetOutput(x.Value.Shape, x.RequiresGrad || alpha.RequiresGrad);
        TensorPrimitives.Multiply(x.Value.Span, alpha.Value.Span[0], y.Span);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        ReadOnlySpan<float> dy = Output.Grad!.Span;
        if (tape.GradOf(_alpha, out bool accA) is { } da)
        {
            float g = TensorPrimitives.Dot(dy, _x.Value.Span);
            da.Span[0] = accA ? da.Span[0] + g : g;
        }
        if (tape.GradOf(_x, out bool accX) is { } dx)
        {
            float alpha = _alpha.Value.Span[0];
            if (accX)
                TensorPrimitives.MultiplyAdd(dy, alpha, dx.Span, dx.Span);
            else
                TensorPrimitives.Multiply(dy, alpha, dx.Span);
        }
    }
}

internal sealed class ReshapeNode : Node
{
    Variable _x = null!;

    public override string Operation => "reshape";

    public Variable Forward(Variable x, int[] shape)
    {
        _x = x;
        Output.Value = x.Value.Reshape(shape);
        Output.RequiresGrad = x.RequiresGrad;
        return Output;
    }

    internal override void Backward(Tape tape) => AddNode.PassThrough(tape, _x, Output.Grad!.Reshape(_x.Value.Shape.ToArray()));
}
