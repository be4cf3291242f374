using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace InitLab.Optim;

/// <summary>The fused per-element updates of <see cref="Optim.Sgd"/>, <see cref="Optim.Adam"/> and <see cref="Optim.NAdam"/>: one pass over w, g and the state, vectorized with a scalar tail.</summary>
/// <remarks>
/// Each element's arithmetic is the same in the vector and scalar paths, in the order of the formulas in the optimizers' docs.
/// Decaying state is stored through <see cref="Flush(Vector{float})"/> (see <see cref="Optimizer"/>'s remarks on subnormal state).
/// </remarks>
internal static class UpdateKernels
{
    /// <summary>float32's smallest normal number, 2⁻¹²⁶ ≈ 1.17549435·10⁻³⁸; below it lie the subnormals.</summary>
    public const float SmallestNormal = 1.17549435e-38f;

    /// <summary>Each lane of <paramref name="x"/>, or +0 where |x| &lt; 2⁻¹²⁶ (a subnormal or −0); NaN and ±∞ are kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Flush(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<float>(SmallestNormal)), Vector<float>.Zero, x);

    /// <summary><paramref name="x"/>, or +0 where |x| &lt; 2⁻¹²⁶ (a subnormal or −0); NaN and ±∞ are kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Flush(float x) => MathF.Abs(x) < SmallestNormal ? 0f : x;

    /// <summary>SGD: g′ = g + λw; b ← g′ (first step) or μb + (1 − τ)g′, flushed; d = g′ + μb (Nesterov) or b (or g′ without momentum); w ← w − ηd.</summary>
    public static void Sgd(Span<float> w, ReadOnlySpan<float> g, Span<float> b, float lr, float decay, float momentum, float dampening, bool first, bool nesterov)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vb = momentum > 0 ? MemoryMarshal.Cast<float, Vector<float>>(b) : default;
            Vector<float> lambda = new(decay), mu = new(momentum), c = new(1 - dampening), eta = new(lr);
            for (int k = 0; k < vw.Length; k++)
            {
                var weight = vw[k];
                var grad = vg[k] + lambda * weight;
                if (momentum > 0)
                {
                    var buffer = Flush(first ? grad : mu * vb[k] + c * grad);
                    vb[k] = buffer;
                    grad = nesterov ? grad + mu * buffer : buffer;
                }
                vw[k] = weight - eta * grad;
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float grad = g[i] + decay * w[i];
            if (momentum > 0)
            {
                b[i] = Flush(first ? grad : momentum * b[i] + (1 - dampening) * grad);
                grad = nesterov ? grad + momentum * b[i] : b[i];
            }
            w[i] -= lr * grad;
        }
    }

    /// <summary>
    /// Adam: w ← w·shrink (AdamW's decoupled decay; 1 otherwise); g′ = g + λw (L2; λ = 0 for AdamW);
    /// m ← β₁m + (1 − β₁)g′; v ← β₂v + (1 − β₂)g′² (both flushed); w ← w − step·m/(√v·root + ε), step = η/(1 − β₁ᵗ), root = 1/√(1 − β₂ᵗ).
    /// </summary>
    public static void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float shrink, float decay,
        float beta1, float beta2, float step, float root, float epsilon)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vm = MemoryMarshal.Cast<float, Vector<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            Vector<float> s = new(shrink), lambda = new(decay), b1 = new(beta1), c1 = new(1 - beta1), b2 = new(beta2), c2 = new(1 - beta2);
            Vector<float> a = new(step), r = new(root), eps = new(epsilon);
            for (int k = 0; k < vw.Length; k++)
            {
                var weight = vw[k] * s;
                var grad = vg[k] + lambda * weight;
                var first = Flush(b1 * vm[k] + c1 * grad);
                var second = Flush(b2 * vv[k] + c2 * (grad * grad));
                vm[k] = first;
                vv[k] = second;
                vw[k] = weight - a * first / (Vector.SquareRoot(second) * r + eps);
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float weight = w[i] * shrink;
            float grad = g[i] + decay * weight;
            m[i] = Flush(beta1 * m[i] + (1 - beta1) * grad);
            v[i] = Flush(beta2 * v[i] + (1 - beta2) * (grad * grad));
            w[i] = weight - step * m[i] / (MathF.Sqrt(v[i]) * root + epsilon);
        }
    }

    /// <summary>
    /// NAdam: g′ = g + λw; m ← β₁m + (1 − β₁)g′; v ← β₂v + (1 − β₂)g′² (both flushed); w ← w − (a·g′ + b·m)/(√v·root + ε), with the
    /// per-step scalars a = η(1 − μ_t)/(1 − Π_t), b = η·μ_{t+1}/(1 − Π_t·μ_t·μ_{t+1}) and root = 1/√(1 − β₂ᵗ) (<see cref="Optim.NAdam"/>).
    /// </summary>
    /// <remarks>Every scalar is broadcast once, before the loop: per element the work is Adam's plus one multiply and one add.</remarks>
    public static void NAdam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float decay, float beta1, float beta2,
        float gradientStep, float momentumStep, float root, float epsilon)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vm = MemoryMarshal.Cast<float, Vector<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            Vector<float> lambda = new(decay), b1 = new(beta1), c1 = new(1 - beta1), b2 = new(beta2), c2 = new(1 - beta2);
            Vector<float> a = new(gradientStep), b = new(momentumStep), r = new(root), eps = new(epsilon);
            for (int k = 0; k < vw.Length; k++)
            {
                var weight = vw[k];
                var grad = vg[k] + lambda * weight;
                var first = Flush(b1 * vm[k] + c1 * grad);
                var second = Flush(b2 * vv[k] + c2 * grad * grad);
                vm[k] = first;
                vv[k] = second;
                vw[k] = weight - (a * grad + b * first) / (Vector.SquareRoot(second) * r + eps);
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float grad = g[i] + decay * w[i];
            m[i] = Flush(beta1 * m[i] + (1 - beta1) * grad);
            v[i] = Flush(beta2 * v[i] + (1 - beta2) * grad * grad);
            w[i] -= (gradientStep * grad + momentumStep * m[i]) / (MathF.Sqrt(v[i]) * root + epsilon);
        }
    }
}
