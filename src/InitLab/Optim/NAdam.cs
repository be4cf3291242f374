using InitLab.Nn;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>Nesterov-accelerated Adam (Dozat 2016, "Incorporating Nesterov Momentum into Adam"), with PyTorch <c>torch.optim.NAdam</c> semantics.</summary>
/// <remarks>
/// At step t: g ← ∇ + λ·w; μ_t = β₁·(1 − ½·0.96^(t·ψ)) (ψ = momentum_decay) and Π_t = μ₁·…·μ_t;
/// m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; d = √(v/(1 − β₂ᵗ)) + ε;
/// w ← w − η·(1 − μ_t)/(1 − Π_t)·g/d − η·μ_{t+1}/(1 − Π_t·μ_t·μ_{t+1})·m/d.
/// The second denominator is torch 1.13's (its <c>mu_product_next = mu_product * mu * mu_next</c>), which counts μ_t twice;
/// Dozat's paper and torch ≥ 2.0 use 1 − Π_t·μ_{t+1}. InitLab follows torch 1.13, its reference, and its tests pin that form.
/// Π_t is a function of t, so it is recomputed (in float64) rather than stored, and resume restores it exactly.
/// m and v are stored with values below 2⁻¹²⁶ as +0 (see <see cref="Optimizer"/>'s remarks on subnormal state).
/// </remarks>
public sealed class NAdam : MomentOptimizer
{
    (long Step, double Value) _product = (0, 1);

    /// <summary>The step's scalars, computed once per step (and learning rate) rather than once per parameter.</summary>
    (long Step, float LearningRate, float GradientStep, float MomentumStep, float Root) _scalars = (-1, 0, 0, 0, 0);

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public NAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, double momentumDecay = 4e-3)
        : base(parameters, learningRate, weightDecay, beta1, beta2, epsilon)
    {
        Guard.NonNegative(momentumDecay, nameof(momentumDecay));
        MomentumDecay = momentumDecay;
    }

    /// <summary>ψ, the momentum decay of the schedule μ_t = β₁·(1 − ½·0.96^(t·ψ)).</summary>
    public double MomentumDecay { get; }

    double Mu(long t) => Beta1 * (1 - 0.5 * Math.Pow(0.96, t * MomentumDecay));

    /// <summary>Π_t = μ₁·…·μ_t, continued from the previous step's product or recomputed from 1.</summary>
    double Product(long t)
    {
        if (_product.Step != t)
        {
            var (s, value) = _product.Step == t - 1 ? _product : (0, 1.0);
            for (s++; s <= t; s++)
                value *= Mu(s);
            _product = (t, value);
        }
        return _product.Value;
    }

    private protected override void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate)
    {
        long t = StepCount;
        if (_scalars.Step != t || _scalars.LearningRate != learningRate)
        {
            double mu = Mu(t), next = Mu(t + 1), product = Product(t);
            _scalars = (t, learningRate, (float)(learningRate * (1 - mu) / (1 - product)), (float)(learningRate * next / (1 - product * mu * next)),
                (float)(1 / Math.Sqrt(1 - Math.Pow(Beta2, t))));
        }
        UpdateKernels.NAdam(w, g, FirstMoment[index].Span, SecondMoment[index].Span, (float)WeightDecay, (float)Beta1, (float)Beta2,
            _scalars.GradientStep, _scalars.MomentumStep, _scalars.Root, (float)Epsilon);
    }
}
