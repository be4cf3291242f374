using InitLab.Nn;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>Adam (Kingma &amp; Ba 2015) and AdamW (Loshchilov &amp; Hutter 2019), with PyTorch <c>torch.optim.Adam</c>/<c>AdamW</c> semantics.</summary>
/// <remarks>
/// Adam: g ← ∇ + λ·w (L2). AdamW: w ← w·(1 − η·λ) first (decoupled decay), g ← ∇. Then, at step t,
/// m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², and w ← w − (η/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε).
/// m and v are stored with values below 2⁻¹²⁶ as +0 (see <see cref="Optimizer"/>'s remarks on subnormal state).
/// </remarks>
public sealed class Adam : Optimizer
{
    readonly Tensor[] _m, _v;

    /// <summary>Creates the optimizer; <paramref name="decoupled"/> selects AdamW.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public Adam(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0, bool decoupled = false,
        double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(beta1 >= 0 && beta1 < 1))
            throw Guard.OutOfRange(nameof(beta1), beta1, "it must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1))
            throw Guard.OutOfRange(nameof(beta2), beta2, "it must be in [0, 1)");
        Guard.Positive(epsilon, nameof(epsilon));
        (Decoupled, Beta1, Beta2, Epsilon) = (decoupled, beta1, beta2, epsilon);
        (_m, _v) = (ZeroState(), ZeroState());
    }

    /// <summary>Whether weight decay is decoupled (AdamW) rather than L2 (Adam).</summary>
    public bool Decoupled { get; }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Value)> State =>
        [.. _m.Select((m, i) => (Parameters[i].Name + ".exp_avg", m)), .. _v.Select((v, i) => (Parameters[i].Name + ".exp_avg_sq", v))];

    private protected override void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate)
    {
        double correction1 = 1 - Math.Pow(Beta1, StepCount), correction2 = 1 - Math.Pow(Beta2, StepCount);
        UpdateKernels.Adam(w, g, _m[index].Span, _v[index].Span,
            shrink: Decoupled ? (float)(1 - learningRate * WeightDecay) : 1f, decay: Decoupled ? 0f : (float)WeightDecay,
            (float)Beta1, (float)Beta2, (float)(learningRate / correction1), (float)(1 / Math.Sqrt(correction2)), (float)Epsilon);
    }
}
