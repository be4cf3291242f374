namespace InitLab.Autograd;

/// <summary>A loss of logits whose forward pass also computes dL/dz (as fused softmax losses do); backward scales it by the upstream gradient.</summary>
internal abstract class ScalarLossNode : Node
{
    private protected Variable Logits = null!;
    private protected float[]? Gradient;

    /// <summary>The gradient buffer for <paramref name="length"/> logits, reused across steps.</summary>
    private protected Span<float> GradientBuffer(int length) => Reuse(ref Gradient, length).AsSpan(0, length);

    internal override void Backward(Tape tape)
    {
        if (tape.GradOf(Logits, out bool acc) is not { } dz)
            return;
        var g = Gradient.AsSpan(0, dz.Length);
        float upstream = Output.Grad!.Span[0];
        if (acc)
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(g, upstream, dz.Span, dz.Span);
        else
            System.Numerics.Tensors.TensorPrimitives.Multiply(g, upstream, dz.Span);
    }
}
