using InitLab.Tensors;

namespace InitLab.Autograd;

/// <summary>A tensor in a differentiable computation: its value and, after <see cref="Tape.Backward"/>, the gradient of the loss with respect to it.</summary>
/// <remarks>
/// A variable that does not require a gradient (the input batch) receives none, and operations skip the work of
/// computing one. The gradient buffer is kept between steps; <see cref="Tape"/> marks it as written in the current
/// backward pass (<see cref="HasGrad"/>) so that buffers never need zeroing.
/// </remarks>
public class Variable
{
    /// <summary>Creates a variable holding <paramref name="value"/>.</summary>
    public Variable(Tensor value, bool requiresGrad)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        RequiresGrad = requiresGrad;
    }

    /// <summary>The value.</summary>
    public Tensor Value { get; internal set; }

    /// <summary>Whether a backward pass computes dL/d(this).</summary>
    public bool RequiresGrad { get; internal set; }

    /// <summary>dL/d(this) from the latest backward pass; read it only when <see cref="HasGrad"/>.</summary>
    public Tensor? Grad { get; private set; }

    /// <summary>The backward pass that last wrote <see cref="Grad"/>.</summary>
    internal long GradPass { get; private set; } = -1;

    /// <summary>Whether the latest backward pass of <paramref name="tape"/> wrote a gradient into this variable.</summary>
    public bool HasGrad(Tape tape) => GradPass == tape.Pass && Grad is not null;

    /// <summary>
    /// The gradient buffer to write in pass <paramref name="pass"/>; <paramref name="accumulate"/> is false for the
    /// first write of the pass (overwrite) and true afterwards (add).
    /// </summary>
    internal Tensor GradFor(long pass, out bool accumulate)
    {
        if (Grad is null || !Grad.SameShape(Value))
            Grad = Tensor.ZerosLike(Value);
        accumulate = GradPass == pass;
        GradPass = pass;
        return Grad;
    }

    /// <summary>Forgets the gradient of every earlier pass.</summary>
    internal void ClearGrad() => GradPass = -1;
}
