using System.Numerics;
using System.Runtime.InteropServices;
using InitLab.Nn;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>The moment estimates that <see cref="RAdam"/>, <see cref="NAdam"/> and <see cref="Lamb"/> share with Adam.</summary>
internal static class AdamMoments
{
    /// <summary>Checks β₁, β₂ ∈ [0, 1) and ε &gt; 0 and returns them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public static (double Beta1, double Beta2, double Epsilon) Check(double beta1, double beta2, double epsilon)
    {
        if (!(beta1 >= 0 && beta1 < 1))
            throw Guard.OutOfRange(nameof(beta1), beta1, "it must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1))
            throw Guard.OutOfRange(nameof(beta2), beta2, "it must be in [0, 1)");
        Guard.Positive(epsilon, nameof(epsilon));
        return (beta1, beta2, epsilon);
    }

    /// <summary>g′ = g + λ·w (into <paramref name="g"/>'s copy, not stored); m ← β₁·m + (1 − β₁)·g′; v ← β₂·v + (1 − β₂)·g′².</summary>
    public static void Update(ReadOnlySpan<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float decay, float beta1, float beta2)
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
                var grad = vg[k] + decay * vw[k];
                vm[k] = beta1 * vm[k] + (1 - beta1) * grad;
                vv[k] = beta2 * vv[k] + (1 - beta2) * grad * grad;
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float grad = g[i] + decay * w[i];
            m[i] = beta1 * m[i] + (1 - beta1) * grad;
            v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
        }
    }
}

/// <summary>An optimizer with Adam's moment estimates m (<c>exp_avg</c>) and v (<c>exp_avg_sq</c>): <see cref="RAdam"/>, <see cref="NAdam"/>, <see cref="Lamb"/>.</summary>
public abstract class MomentOptimizer : Optimizer
{
    private protected readonly Tensor[] FirstMoment, SecondMoment;

    private protected MomentOptimizer(IEnumerable<Parameter> parameters, double learningRate, double weightDecay, double beta1, double beta2, double epsilon)
        : base(parameters, learningRate, weightDecay)
    {
        (Beta1, Beta2, Epsilon) = AdamMoments.Check(beta1, beta2, epsilon);
        (FirstMoment, SecondMoment) = (ZeroState(), ZeroState());
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Value)> State => [.. Named(FirstMoment, "exp_avg"), .. Named(SecondMoment, "exp_avg_sq")];
}
