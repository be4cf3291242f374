using System.Numerics;
using System.Runtime.InteropServices;
using InitLab.Nn;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>LAMB (You et al. 2020, "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes", Algorithm 2): Adam with a layer-wise trust ratio.</summary>
/// <remarks>
/// At step t, per parameter tensor: m ← β₁·m + (1 − β₁)·∇; v ← β₂·v + (1 − β₂)·∇²; m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ);
/// u = m̂/(√v̂ + ε) + λ·w; w ← w − η·(‖w‖/‖u‖)·u, with the trust ratio ‖w‖/‖u‖ taken as 1 when either norm is 0
/// (φ is the identity). The squared norms are summed in float64, in an order fixed by the length alone: per vector lane in
/// two chains (the low and the high half of each float vector, independent so that the adds overlap with the division),
/// then the two chains added, then across the lanes, then the scalar tail (so the same bits for any thread count).
/// One pass updates m and v, stores u and sums both norms; a second applies the trust ratio.
/// Unlike the other moment optimizers, m and v are not flushed below 2⁻¹²⁶: the trust ratio makes even a subnormal update count
/// (see <see cref="Optimizer"/>'s remarks on subnormal state).
/// </remarks>
public sealed class Lamb : MomentOptimizer
{
    readonly float[] _update;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public Lamb(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-6, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, beta1, beta2, epsilon)
    {
        _update = new float[Parameters.Count == 0 ? 0 : Parameters.Max(p => p.Value.Length)];
    }

    private protected override void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate)
    {
        long t = StepCount;
        float step = (float)(1 / (1 - Math.Pow(Beta1, t))), root = (float)(1 / Math.Sqrt(1 - Math.Pow(Beta2, t)));
        float eps = (float)Epsilon, decay = (float)WeightDecay;
        Span<float> m = FirstMoment[index].Span, v = SecondMoment[index].Span, u = _update.AsSpan(0, w.Length);
        float beta1 = (float)Beta1, beta2 = (float)Beta2;
        double weightNorm = 0, updateNorm = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vm = MemoryMarshal.Cast<float, Vector<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            var vu = MemoryMarshal.Cast<float, Vector<float>>(u);
            Vector<double> weightLow = default, weightHigh = default, updateLow = default, updateHigh = default;
            Vector<float> b1 = new(beta1), c1 = new(1 - beta1), b2 = new(beta2), c2 = new(1 - beta2);
            Vector<float> a = new(step), r = new(root), e = new(eps), lambda = new(decay);
            for (int k = 0; k < vw.Length; k++)
            {
                var grad = vg[k];
                var mk = b1 * vm[k] + c1 * grad;
                var vk = b2 * vv[k] + c2 * grad * grad;
                vm[k] = mk;
                vv[k] = vk;
                var weight = vw[k];
                var uk = mk * a / (Vector.SquareRoot(vk) * r + e) + lambda * weight;
                vu[k] = uk;
                Vector.Widen(weight, out var w0, out var w1);
                Vector.Widen(uk, out var u0, out var u1);
                weightLow += w0 * w0;
                weightHigh += w1 * w1;
                updateLow += u0 * u0;
                updateHigh += u1 * u1;
            }
            weightNorm = Vector.Sum(weightLow + weightHigh);
            updateNorm = Vector.Sum(updateLow + updateHigh);
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            u[i] = m[i] * step / (MathF.Sqrt(v[i]) * root + eps) + decay * w[i];
            weightNorm += (double)w[i] * w[i];
            updateNorm += (double)u[i] * u[i];
        }
        double trust = weightNorm > 0 && updateNorm > 0 ? Math.Sqrt(weightNorm / updateNorm) : 1;
        float scaled = (float)(learningRate * trust);
        i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vu = MemoryMarshal.Cast<float, Vector<float>>(u);
            for (int k = 0; k < vw.Length; k++)
                vw[k] -= scaled * vu[k];
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
            w[i] -= scaled * u[i];
    }
}
