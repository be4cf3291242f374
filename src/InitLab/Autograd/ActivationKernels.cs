using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using InitLab.Activations;

namespace InitLab.Autograd;

/// <summary>The float32 forward and derivative kernels of every <see cref="ActivationKind"/>, side by side (the float64 definitions are <see cref="Activation"/>'s).</summary>
/// <remarks>
/// Derivatives at a kink (x = 0 for relu, leaky_relu, elu, selu) take the left-hand branch, as PyTorch does (relu′(0) = 0).
/// Where the derivative is cheaper from the output y = φ(x) it is taken from y: σ′ = y(1 − y), tanh′ = 1 − y²,
/// elu′(x ≤ 0) = y + α, selu′(x ≤ 0) = y + λα. Softplus is PyTorch's (β = 1, threshold 20: φ(x) = x for x &gt; 20).
/// </remarks>
internal static class ActivationKernels
{
    const float SeluLambda = (float)Activation.SeluLambda;
    const float SeluAlpha = (float)Activation.SeluAlpha;

    const float InvSqrt2 = 0.70710678118654752440f;
    const float InvSqrt2Pi = 0.39894228040143267794f;

    /// <summary>y = φ(x).</summary>
    public static void Forward(Activation f, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.IsEmpty)
            return;
        float a = (float)f.Parameter;
        switch (f.Kind)
        {
            case ActivationKind.Identity: x.CopyTo(y); break;
            case ActivationKind.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
            case ActivationKind.Tanh: TensorPrimitives.Tanh(x, y); break;
            case ActivationKind.Relu: TensorPrimitives.Max(x, 0f, y); break;
            case ActivationKind.LeakyRelu: for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : a * x[i]; break;
            case ActivationKind.Elu: for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : a * ExpM1(x[i]); break;
            case ActivationKind.Selu: for (int i = 0; i < x.Length; i++) y[i] = SeluLambda * (x[i] > 0 ? x[i] : SeluAlpha * ExpM1(x[i])); break;
            case ActivationKind.Gelu: for (int i = 0; i < x.Length; i++) y[i] = x[i] * NormalCdf(x[i]); break;
            case ActivationKind.Silu: for (int i = 0; i < x.Length; i++) y[i] = x[i] * Logistic(x[i]); break;
            default: for (int i = 0; i < x.Length; i++) y[i] = x[i] > 20 ? x[i] : MathF.Max(x[i], 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(x[i]))); break;
        }
    }

    /// <summary>dx = dy·φ′(x), given x and y = φ(x); dx is overwritten.</summary>
    public static void Backward(Activation f, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        float a = (float)f.Parameter;
        switch (f.Kind)
        {
            case ActivationKind.Identity: dy.CopyTo(dx); break;
            case ActivationKind.Sigmoid: for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]); break;
            case ActivationKind.Tanh: for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]); break;
            case ActivationKind.Relu: ReluBackward(x, dy, dx); break;
            case ActivationKind.LeakyRelu: for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : a * dy[i]; break;
            case ActivationKind.Elu: for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + a); break;
            case ActivationKind.Selu: for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? SeluLambda * dy[i] : dy[i] * (y[i] + SeluLambda * SeluAlpha); break;
            case ActivationKind.Gelu:
                for (int i = 0; i < x.Length; i++)
                    dx[i] = dy[i] * (NormalCdf(x[i]) + x[i] * InvSqrt2Pi * MathF.Exp(-0.5f * x[i] * x[i]));
                break;
            case ActivationKind.Silu:
                for (int i = 0; i < x.Length; i++)
                {
                    float s = Logistic(x[i]);
                    dx[i] = dy[i] * s * (1 + x[i] * (1 - s));
                }
                break;
            default: for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 20 ? dy[i] : dy[i] * Logistic(x[i]); break;
        }
    }

    /// <summary>dx = dy where x &gt; 0, else 0, vectorized.</summary>
    static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pdy = ref MemoryMarshal.GetReference(dy);
        ref float pdx = ref MemoryMarshal.GetReference(dx);
        int i = 0, n = x.Length;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref px, (nuint)i), Vector512<float>.Zero);
                (mask & Vector512.LoadUnsafe(ref pdy, (nuint)i)).StoreUnsafe(ref pdx, (nuint)i);
            }
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256<float>.Zero);
                (mask & Vector256.LoadUnsafe(ref pdy, (nuint)i)).StoreUnsafe(ref pdx, (nuint)i);
            }
        for (; i < n; i++)
            Unsafe.Add(ref pdx, i) = Unsafe.Add(ref px, i) > 0 ? Unsafe.Add(ref pdy, i) : 0f;
    }

    /// <summary>σ(x) without overflow for either sign.</summary>
    static float Logistic(float x)
    {
        if (x >= 0)
            return 1 / (1 + MathF.Exp(-x));
        float e = MathF.Exp(x);
        return e / (1 + e);
    }

    /// <summary>eˣ − 1, accurate near 0 (evaluated in double).</summary>
    static float ExpM1(float x) => (float)double.ExpM1(x);

    /// <summary>Φ(x) = erfc(−x/√2)/2, evaluated in double (W. J. Cody's rational erfc via <see cref="MathNet.Numerics.SpecialFunctions.Erfc"/>).</summary>
    static float NormalCdf(float x) => (float)(0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x * (double)InvSqrt2));
}
