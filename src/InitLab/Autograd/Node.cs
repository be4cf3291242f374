using InitLab.Compute;
using InitLab.Numerics;
using InitLab.Tensors;

namespace InitLab.Autograd;

/// <summary>One recorded operation: it holds its output, what its derivative rule needs, and its reusable buffers.</summary>
public abstract class Node
{
    /// <summary>The operation's result.</summary>
    public Variable Output { get; } = new(new Tensor(0), requiresGrad: false);

    /// <summary>The name of the layer that recorded the operation, e.g. <c>layers.3</c>.</summary>
    public string Layer { get; internal set; } = "";

    /// <summary>A short description of the operation, e.g. <c>linear</c> or <c>relu</c>.</summary>
    public abstract string Operation { get; }

    /// <summary>Adds the inputs' share of dL/d(output) to their gradients.</summary>
    internal abstract void Backward(Tape tape);

    /// <summary>Makes the output a tensor of <paramref name="shape"/> (reusing the previous one when the shape is the same).</summary>
    private protected Tensor SetOutput(ReadOnlySpan<int> shape, bool requiresGrad)
    {
        Output.Value = Reuse(Output.Value, shape);
        Output.RequiresGrad = requiresGrad;
        return Output.Value;
    }

    /// <summary><paramref name="buffer"/> when it already has <paramref name="shape"/>, else a new zero tensor of that shape.</summary>
    private protected static Tensor Reuse(Tensor? buffer, ReadOnlySpan<int> shape) =>
        buffer is not null && buffer.Shape.SequenceEqual(shape) ? buffer : new Tensor(shape.ToArray());

    /// <summary>A float array of at least <paramref name="length"/> elements, reusing <paramref name="buffer"/> when it is long enough.</summary>
    private protected static float[] Reuse(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new float[length];
        return buffer;
    }

    /// <summary>Where a gradient rule writes: the gradient itself on the first write of a pass, else a scratch buffer that <see cref="Commit"/> adds in.</summary>
    private protected static Span<float> Target(Tensor grad, bool accumulate, ref float[]? scratch) =>
        accumulate ? Reuse(ref scratch, grad.Length).AsSpan(0, grad.Length) : grad.Span;

    /// <summary>target = the sum of the rows of <paramref name="rows"/> (each target.Length long), added in order so the bits do not depend on threads.</summary>
    private protected static void SumRows(ReadOnlySpan<float> rows, Span<float> target)
    {
        int width = target.Length;
        rows[..width].CopyTo(target);
        for (int at = width; at < rows.Length; at += width)
            System.Numerics.Tensors.TensorPrimitives.Add(target, rows.Slice(at, width), target);
    }

    /// <summary>An operand of a linear or convolution product under <see cref="Tape.Precision"/>: <paramref name="value"/> itself in fp32, its bfloat16 rounding (written to <paramref name="rounded"/>) in bf16.</summary>
    /// <remarks>Rounded once per pass and kept: the forward product and one of the two backward products use the same rounded input and weight.</remarks>
    private protected static ReadOnlySpan<float> Operand(Tape tape, ReadOnlySpan<float> value, ref float[]? rounded)
    {
        if (tape.Precision == Precision.Fp32)
            return value;
        var target = Reuse(ref rounded, value.Length).AsSpan(0, value.Length);
        Bf16Rounding.Round(value, target, tape.Threads);
        return target;
    }

    /// <summary>The operand <see cref="Operand"/> made from <paramref name="value"/> in this pass's forward: <paramref name="value"/> in fp32, else <paramref name="rounded"/>.</summary>
    private protected static ReadOnlySpan<float> Saved(Tape tape, ReadOnlySpan<float> value, float[]? rounded) =>
        tape.Precision == Precision.Fp32 ? value : rounded.AsSpan(0, value.Length);

    /// <summary>Rounds a product's output to bfloat16 in bf16 (autocast's output type); its gradient passes through unchanged, as through torch's cast.</summary>
    private protected static void RoundOutput(Tape tape, Span<float> output)
    {
        if (tape.Precision == Precision.Bf16)
            Bf16Rounding.Round(output, output, tape.Threads);
    }

    /// <summary>Adds the scratch buffer into the gradient when <see cref="Target"/> handed one out.</summary>
    private protected static void Commit(Tensor grad, bool accumulate, float[]? scratch)
    {
        if (accumulate)
            System.Numerics.Tensors.TensorPrimitives.Add(grad.Span, scratch.AsSpan(0, grad.Length), grad.Span);
    }
}
