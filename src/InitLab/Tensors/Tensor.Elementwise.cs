using System.Numerics.Tensors;

namespace InitLab.Tensors;

/// <summary>A kernel that maps a span elementwise into a destination of the same length.</summary>
public delegate void UnaryKernel(ReadOnlySpan<float> x, Span<float> destination);

public sealed partial class Tensor
{
    /// <summary>Applies <paramref name="kernel"/> elementwise; writes into <paramref name="destination"/> (same shape, may be <paramref name="x"/>) or a new tensor.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has a different shape.</exception>
    public static Tensor Map(Tensor x, UnaryKernel kernel, Tensor? destination = null)
    {
        destination ??= ZerosLike(x);
        RequireSameShape(x, destination, nameof(destination));
        kernel(x.Span, destination.Span);
        return destination;
    }

    /// <summary>−x.</summary>
    public static Tensor Negate(Tensor x, Tensor? destination = null) => Map(x, TensorPrimitives.Negate, destination);

    /// <summary>|x|.</summary>
    public static Tensor Abs(Tensor x, Tensor? destination = null) => Map(x, TensorPrimitives.Abs, destination);

    /// <summary>eˣ.</summary>
    public static Tensor Exp(Tensor x, Tensor? destination = null) => Map(x, TensorPrimitives.Exp, destination);

    /// <summary>ln x.</summary>
    public static Tensor Log(Tensor x, Tensor? destination = null) => Map(x, TensorPrimitives.Log, destination);

    /// <summary>√x.</summary>
    public static Tensor Sqrt(Tensor x, Tensor? destination = null) => Map(x, TensorPrimitives.Sqrt, destination);

    /// <summary>x².</summary>
    public static Tensor Square(Tensor x, Tensor? destination = null) => Map(x, static (s, d) => TensorPrimitives.Multiply(s, s, d), destination);

    /// <summary>tanh x.</summary>
    public static Tensor Tanh(Tensor x, Tensor? destination = null) => Map(x, TensorPrimitives.Tanh, destination);

    /// <summary>σ(x) = 1/(1 + e⁻ˣ).</summary>
    public static Tensor Sigmoid(Tensor x, Tensor? destination = null) => Map(x, TensorPrimitives.Sigmoid, destination);

    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x, Tensor? destination = null) => Map(x, static (s, d) => TensorPrimitives.Max(s, 0f, d), destination);

    /// <summary>s·x.</summary>
    public static Tensor Scale(Tensor x, float s, Tensor? destination = null)
    {
        destination ??= ZerosLike(x);
        RequireSameShape(x, destination, nameof(destination));
        TensorPrimitives.Multiply(x.Span, s, destination.Span);
        return destination;
    }

    /// <summary>x + s.</summary>
    public static Tensor AddScalar(Tensor x, float s, Tensor? destination = null)
    {
        destination ??= ZerosLike(x);
        RequireSameShape(x, destination, nameof(destination));
        TensorPrimitives.Add(x.Span, s, destination.Span);
        return destination;
    }

    /// <summary>The ReLU gradient: grad where x &gt; 0, else 0 (PyTorch's convention at x = 0).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor ReluBackward(Tensor grad, Tensor x, Tensor? destination = null)
    {
        RequireSameShape(grad, x, nameof(x));
        destination ??= ZerosLike(x);
        RequireSameShape(x, destination, nameof(destination));
        ReadOnlySpan<float> g = grad.Span, v = x.Span;
        var d = destination.Span;
        for (int i = 0; i < d.Length; i++)
            d[i] = v[i] > 0 ? g[i] : 0f;
        return destination;
    }

    /// <summary>destination += s·x (an axpy), the update used to accumulate gradients and apply SGD steps.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static void AddScaled(Tensor destination, Tensor x, float s)
    {
        RequireSameShape(destination, x, nameof(x));
        TensorPrimitives.MultiplyAdd(x.Span, s, destination.Span, destination.Span);
    }
}
