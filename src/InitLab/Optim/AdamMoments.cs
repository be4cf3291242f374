using InitLab.Nn;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>The coefficient checks of the moment estimates that <see cref="RAdam"/>, <see cref="NAdam"/> and <see cref="Lamb"/> share with Adam.</summary>
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
