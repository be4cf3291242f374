using System.Numerics;
using System.Runtime.InteropServices;

namespace InitLab.Optim;

/// <summary>The fused per-element updates of <see cref="Sgd"/> and <see cref="Adam"/>: one pass over w, g and the state, vectorized with a scalar tail.</summary>
/// <remarks>Each element's arithmetic is the same in the vector and scalar paths, in the order of the formulas in the optimizers' docs.</remarks>
internal static class UpdateKernels
{
    /// <summary>SGD: g′ = g + λw; b ← g′ (first step) or μb + (1 − τ)g′; d = g′ + μb (Nesterov) or b (or g′ without momentum); w ← w − ηd.</summary>
    public static void Sgd(Span<float> w, ReadOnlySpan<float> g, Span<float> b, float lr, float decay, float momentum, float dampening, bool first, bool nesterov)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vb = momentum > 0 ? MemoryMarshal.Cast<float, Vector<float>>(b) : default;
            for (int k = 0; k < vw.Length; k++)
            {
                var grad = vg[k] + decay * vw[k];
                if (momentum > 0)
                {
                    vb[k] = first ? grad : momentum * vb[k] + (1 - dampening) * grad;
                    grad = nesterov ? grad + momentum * vb[k] : vb[k];
                }
                vw[k] -= lr * grad;
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float grad = g[i] + decay * w[i];
            if (momentum > 0)
            {
                b[i] = first ? grad : momentum * b[i] + (1 - dampening) * grad;
                grad = nesterov ? grad + momentum * b[i] : b[i];
            }
            w[i] -= lr * grad;
        }
    }

    /// <summary>
    /// Adam: w ← w·shrink (AdamW's decoupled decay; 1 otherwise); g′ = g + λw (L2; λ = 0 for AdamW);
    /// m ← β₁m + (1 − β₁)g′; v ← β₂v + (1 − β₂)g′²; w ← w − step·m/(√v·root + ε), step = η/(1 − β₁ᵗ), root = 1/√(1 − β₂ᵗ).
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
            for (int k = 0; k < vw.Length; k++)
            {
                var weight = vw[k] * shrink;
                var grad = vg[k] + decay * weight;
                vm[k] = beta1 * vm[k] + (1 - beta1) * grad;
                vv[k] = beta2 * vv[k] + (1 - beta2) * (grad * grad);
                vw[k] = weight - step * vm[k] / (Vector.SquareRoot(vv[k]) * root + new Vector<float>(epsilon));
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float weight = w[i] * shrink;
            float grad = g[i] + decay * weight;
            m[i] = beta1 * m[i] + (1 - beta1) * grad;
            v[i] = beta2 * v[i] + (1 - beta2) * (grad * grad);
            w[i] = weight - step * m[i] / (MathF.Sqrt(v[i]) * root + epsilon);
        }
    }
}
