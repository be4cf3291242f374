using InitLab.Autograd;
using InitLab.Models;
using InitLab.Nn;

namespace InitLab.Training;

/// <summary>What a training step adds to the plain cross-entropy step: the L1/L2 penalty, label smoothing and gradient clipping.</summary>
/// <remarks>
/// The penalty covers the weights of linear and convolution layers (<see cref="ParameterRole.Weight"/>, weight norm's direction v
/// included); biases, normalization scales and shifts and branch scalars are not penalized. DropConnect is the model's
/// (<see cref="Linear.DropConnect"/>): the penalty is of the stored weights W, not of the masked ones.
/// </remarks>
/// <param name="PenalizedWeights">The weights the L1 and L2 penalties cover.</param>
/// <param name="L1">λ₁ of <see cref="Ops.WeightPenalty"/>.</param>
/// <param name="L2">λ₂ of <see cref="Ops.WeightPenalty"/>.</param>
/// <param name="LabelSmoothing">ε of <see cref="Ops.LabelSmoothedCrossEntropy"/>.</param>
/// <param name="Clipping">The gradient clipping.</param>
internal sealed record Regularization(IReadOnlyList<Variable> PenalizedWeights, double L1, double L2, double LabelSmoothing, GradientClipping Clipping)
{
    /// <summary>No penalty, no smoothing, no clipping.</summary>
    public static readonly Regularization None = new([], 0, 0, 0, new GradientClipping(ClipKind.None, 0));

    /// <summary>The regularization <paramref name="config"/> asks of <paramref name="model"/>.</summary>
    public static Regularization Of(TrainingConfig config, Model model) =>
        new([.. model.Parameters.Where(p => p.Role == ParameterRole.Weight)], config.L1, config.L2, config.LabelSmoothing, GradientClipping.Of(config));

    /// <summary>Whether the loss carries an L1 or L2 penalty.</summary>
    public bool HasPenalty => L1 > 0 || L2 > 0;
}
