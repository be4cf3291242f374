using System.Numerics.Tensors;
using InitLab.Autograd;
using InitLab.Nn;

namespace InitLab.Training;

/// <summary>Finds where a non-finite value first appeared in a training step.</summary>
/// <remarks>
/// Every step checks the loss and every parameter gradient (the float64 sum of squares of <see cref="GradientClipping.GlobalNorm"/>: NaN and ±∞ survive it, and no finite float overflows it).
/// Only when one is not finite are the recorded activations scanned in forward order, so the report names the first
/// layer whose output went bad; if all activations are finite, the first bad gradient in backward order is named.
/// </remarks>
internal static class Divergence
{
    /// <summary>Whether every element is finite.</summary>
    public static bool Finite(ReadOnlySpan<float> values) => values.IsEmpty || float.IsFinite(TensorPrimitives.MaxMagnitude(values));

    /// <summary>Throws when the loss of the forward pass is not finite.</summary>
    /// <exception cref="TrainingDivergedException">The loss is NaN or ±∞.</exception>
    public static void CheckLoss(Tape tape, float loss, IReadOnlyList<Parameter> parameters, long step)
    {
        if (!float.IsFinite(loss))
            throw Diagnose(tape, parameters, step, $"the loss is {Describe(loss)}");
    }

    /// <summary>Throws when a gradient of the backward pass is not finite (the loss has passed <see cref="CheckLoss"/>).</summary>
    /// <exception cref="TrainingDivergedException">A gradient holds NaN or ±∞.</exception>
    public static void CheckGradients(Tape tape, IReadOnlyList<Parameter> parameters, long step)
    {
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i].HasGrad(tape) && !Finite(parameters[i].Grad!.Span))
                throw Diagnose(tape, parameters, step, null);
    }

    static TrainingDivergedException Diagnose(Tape tape, IReadOnlyList<Parameter> parameters, long step, string? loss)
    {
        foreach (var node in tape.Nodes)
            if (!Finite(node.Output.Value.Span))
                return new TrainingDivergedException(
                    $"training diverged at step {step}: the output of {node.Layer} ({node.Operation}) contains {First(node.Output.Value.Span)}" +
                    (loss is null ? "" : $"; {loss}") + ". The last good checkpoint is kept.", step, node.Layer);
        if (loss is not null)
            return new TrainingDivergedException($"training diverged at step {step}: {loss}. The last good checkpoint is kept.", step, "loss");
        for (int i = parameters.Count - 1; i >= 0; i--)
            if (parameters[i].HasGrad(tape) && !Finite(parameters[i].Grad!.Span))
                return new TrainingDivergedException(
                    $"training diverged at step {step}: the gradient of {parameters[i].Name} contains {First(parameters[i].Grad!.Span)}. The last good checkpoint is kept.",
                    step, parameters[i].Name);
        throw new InvalidOperationException("Diagnose was called with every value finite.");
    }

    static string First(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v))
                return Describe(v);
        return "no non-finite value";
    }

    static string Describe(float v) => float.IsNaN(v) ? "NaN" : v > 0 ? "+∞" : "−∞";
}
