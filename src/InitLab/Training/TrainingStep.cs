using InitLab.Autograd;
using InitLab.Models;
using InitLab.Optim;

namespace InitLab.Training;

/// <summary>What one training step measured.</summary>
/// <param name="Loss">The data loss: the (smoothed, weighted or distillation) cross-entropy, without the L1/L2 penalty.</param>
/// <param name="Logits">The batch's logits.</param>
/// <param name="GradNorm">The global L2 norm of the gradients before clipping (<see cref="GradientClipping.GlobalNorm"/>).</param>
/// <param name="Clipped">Whether the gradients were clipped.</param>
internal readonly record struct StepResult(float Loss, Variable Logits, double GradNorm, bool Clipped);

/// <summary>One optimizer step: forward, the loss (cross-entropy, smoothed or weighted, or distillation; plus the penalty), backward, the non-finite checks, clipping, and the update.</summary>
internal static class TrainingStep
{
    /// <summary>Runs the step on batch <paramref name="x"/>.</summary>
    /// <exception cref="TrainingDivergedException">The loss, an activation or a gradient is NaN or ±∞; no update was applied.</exception>
    public static StepResult Run(Tape tape, Model model, Optimizer optimizer, Variable x, ReadOnlySpan<int> targets, Distillation? distillation = null,
        float[]? classWeights = null, Regularization? regularization = null)
    {
        regularization ??= Regularization.None;
        tape.Reset();
        tape.Step = optimizer.StepCount;
        var logits = model.Forward(tape, x);
        var loss = distillation is not null ? distillation.Loss(tape, x, logits, targets)
            : classWeights is not null ? Ops.WeightedSoftmaxCrossEntropy(tape, "loss", logits, targets, classWeights)
            : regularization.LabelSmoothing > 0 ? Ops.LabelSmoothedCrossEntropy(tape, "loss", logits, targets, regularization.LabelSmoothing)
            : Ops.SoftmaxCrossEntropy(tape, "loss", logits, targets);
        float value = loss.Value.Span[0];
        var objective = regularization.HasPenalty
            ? Ops.Add(tape, "loss", loss, Ops.WeightPenalty(tape, "penalty", regularization.PenalizedWeights, regularization.L1, regularization.L2))
            : loss;
        Divergence.CheckLoss(tape, objective.Value.Span[0], optimizer.Parameters, optimizer.StepCount);
        tape.Backward(objective);
        // The norm's float64 sum of squares is finite exactly when every gradient element is (a float's square cannot overflow
        // it), so it doubles as the non-finite check: one pass over the gradients, not two.
        double norm = GradientClipping.GlobalNorm(tape, optimizer.Parameters);
        if (!double.IsFinite(norm))
            Divergence.CheckGradients(tape, optimizer.Parameters, optimizer.StepCount);
        bool clipped = regularization.Clipping.Apply(tape, optimizer.Parameters, norm);
        optimizer.Step(tape);
        return new StepResult(value, logits, norm, clipped);
    }
}
