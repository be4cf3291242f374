using InitLab.Autograd;
using InitLab.Models;
using InitLab.Optim;

namespace InitLab.Training;

/// <summary>One optimizer step: forward, softmax cross-entropy (or the distillation loss), backward, the non-finite checks, and the update.</summary>
internal static class TrainingStep
{
    /// <summary>Runs the step on batch <paramref name="x"/>; returns the loss and the logits.</summary>
    /// <exception cref="TrainingDivergedException">The loss, an activation or a gradient is NaN or ±∞; no update was applied.</exception>
    public static (float Loss, Variable Logits) Run(Tape tape, Model model, Optimizer optimizer, Variable x, ReadOnlySpan<int> targets, Distillation? distillation = null, float[]? classWeights = null)
    {
        tape.Reset();
        tape.Step = optimizer.StepCount;
        var logits = model.Forward(tape, x);
        var loss = distillation is not null ? distillation.Loss(tape, x, logits, targets)
            : classWeights is not null ? Ops.WeightedSoftmaxCrossEntropy(tape, "loss", logits, targets, classWeights)
            : Ops.SoftmaxCrossEntropy(tape, "loss", logits, targets);
        float value = loss.Value.Span[0];
        Divergence.CheckLoss(tape, value, optimizer.Parameters, optimizer.StepCount);
        tape.Backward(loss);
        Divergence.CheckGradients(tape, optimizer.Parameters, optimizer.StepCount);
        optimizer.Step(tape);
        return (value, logits);
    }
}
