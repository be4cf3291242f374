using System.Numerics;
using System.Runtime.InteropServices;
using InitLab.Nn;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>Rectified Adam (Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond"), with PyTorch <c>torch.optim.RAdam</c> semantics.</summary>
/// <remarks>
/// At step t: g ← ∇ + λ·w; m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; m̂ = m/(1 − β₁ᵗ).
/// ρ_∞ = 2/(1 − β₂) − 1 and ρ_t = ρ_∞ − 2t·β₂ᵗ/(1 − β₂ᵗ). While ρ_t ≤ 5 the variance of the adaptive rate is intractable
/// and w ← w − η·m̂ (SGD with momentum); afterwards r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞/((ρ_∞ − 4)(ρ_∞ − 2)ρ_t)) and
/// w ← w − η·r_t·m̂·√(1 − β₂ᵗ)/(√v + ε).
/// m and v are stored with values below 2⁻¹²⁶ as +0 (see <see cref="Optimizer"/>'s remarks on subnormal state).
/// </remarks>
public sealed class RAdam : MomentOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public RAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, beta1, beta2, epsilon)
    {
    }

    private protected override void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate)
    {
        long t = StepCount;
        double correction1 = 1 - Math.Pow(Beta1, t), correction2 = 1 - Math.Pow(Beta2, t);
        double rhoInfinity = 2 / (1 - Beta2) - 1, rho = rhoInfinity - 2 * t * Math.Pow(Beta2, t) / correction2;
        bool rectified = rho > 5;
        double rectification = rectified ? Math.Sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)) : 0;
        float step = (float)(learningRate / correction1), adaptive = (float)(rectification * Math.Sqrt(correction2)), eps = (float)Epsilon;
        Span<float> m = FirstMoment[index].Span, v = SecondMoment[index].Span;
        float beta1 = (float)Beta1, beta2 = (float)Beta2, decay = (float)WeightDecay;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vm = MemoryMarshal.Cast<float, Vector<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            Vector<float> lambda = new(decay), b1 = new(beta1), c1 = new(1 - beta1), b2 = new(beta2), c2 = new(1 - beta2);
            Vector<float> a = new(step), r = new(adaptive), e = new(eps);
            for (int k = 0; k < vw.Length; k++)
            {
                var weight = vw[k];
                var grad = vg[k] + lambda * weight;
                var first = UpdateKernels.Flush(b1 * vm[k] + c1 * grad);
                var second = UpdateKernels.Flush(b2 * vv[k] + c2 * grad * grad);
                vm[k] = first;
                vv[k] = second;
                vw[k] = weight - (rectified ? a * first * r / (Vector.SquareRoot(second) + e) : a * first);
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float grad = g[i] + decay * w[i];
            m[i] = UpdateKernels.Flush(beta1 * m[i] + (1 - beta1) * grad);
            v[i] = UpdateKernels.Flush(beta2 * v[i] + (1 - beta2) * grad * grad);
            w[i] -= rectified ? step * m[i] * adaptive / (MathF.Sqrt(v[i]) + eps) : step * m[i];
        }
    }
}
