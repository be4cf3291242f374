using InitLab.Activations;

namespace InitLab.Autograd;

/// <summary>The differentiable operations: each records a <see cref="Node"/> on the tape whose derivative rule sits beside its forward code.</summary>
public static partial class Ops
{
    /// <summary>y = φ(x) elementwise; the derivative rules are in <see cref="ActivationKernels"/>.</summary>
    public static Variable Activate(Tape tape, string layer, Variable x, Activation function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return tape.Record<ActivationNode>(layer).Forward(x, function);
    }
}

internal sealed class ActivationNode : Node
{
    Variable _x = null!;
    Activation _f = Activation.Identity;
    float[]? _scratch;

    public override string Operation => _f.ToString();

    public Variable Forward(Variable x, Activation f)
    {
        (_x, _f) = (x, f);
        var y = SetOutput(x.Value.Shape, x.RequiresGrad);
        ActivationKernels.Forward(f, x.Value.Span, y.Span);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        if (tape.GradOf(_x, out bool acc) is not { } dx)
            return;
        ActivationKernels.Backward(_f, _x.Value.Span, Output.Value.Span, Output.Grad!.Span, Target(dx, acc, ref _scratch));
        Commit(dx, acc, _scratch);
    }
}
