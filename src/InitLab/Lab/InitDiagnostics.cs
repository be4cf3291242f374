using InitLab.Activations;
using InitLab.Data;
using InitLab.Diagnostics;
using InitLab.Models;

namespace InitLab.Lab;

/// <summary>What a run's initialization does before step 1: the signals that may predict whether it trains.</summary>
/// <param name="LastHiddenStd">The std of the last hidden layer's activations φ(z) (the classifier's input); the last layer's output when there is no hidden layer.</param>
/// <param name="GradientRatio">std of dL/d(output) at the first weighted layer ÷ at the last: ≪ 1 the gradient vanishes on the way back, ≫ 1 it explodes.</param>
/// <param name="JacobianMeanSquared">The mean squared singular value of the input–output Jacobian (dense chains only, else null).</param>
/// <param name="Dead">The fraction of dead units (z ≤ 0 on every sample) at the last hidden layer, for relu-like activations; else null.</param>
/// <param name="Saturated">The fraction of saturated units at the last hidden layer, for tanh and sigmoid; else null.</param>
/// <param name="Loss">The cross-entropy on the probe batch.</param>
/// <param name="LayerStd">The post-activation std of every weighted layer, input side first.</param>
/// <param name="LayerGradStd">The std of dL/d(output) of every weighted layer.</param>
public sealed record InitDiagnostics(double LastHiddenStd, double GradientRatio, double? JacobianMeanSquared, double? Dead, double? Saturated, double Loss,
    IReadOnlyList<double> LayerStd, IReadOnlyList<double> LayerGradStd)
{
    /// <summary>Training images in the probe batch (the first ones of the training set).</summary>
    public const int ProbeBatchSize = 256;

    /// <summary>Probes <paramref name="model"/> as initialized, with the cross-entropy of the first <see cref="ProbeBatchSize"/> training images.</summary>
    /// <remarks><see cref="SignalProbe"/> observes only: weights and normalization statistics are unchanged afterwards, so training
    /// from here gives the same bits as training without the probe.</remarks>
    public static InitDiagnostics Measure(Model model, Dataset train, ulong seed, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        var batch = ProbeBatch.From(train, Math.Min(ProbeBatchSize, train.Count), model.InputShape);
        var probe = SignalProbe.Run(model.Layers, batch.Input, batch.Labels, new ProbeSettings { Loss = ProbeLoss.CrossEntropy, Seed = seed, Threads = threads });
        var layers = probe.Layers;
        var hidden = layers.LastOrDefault(l => l.Activation.Kind != ActivationKind.Identity) ?? layers[^1];
        return new InitDiagnostics(hidden.Post.Std, layers[0].GradStd / layers[^1].GradStd, probe.Jacobian?.MeanSquared, hidden.Dead, hidden.Saturated,
            probe.LossValue, [.. layers.Select(l => l.Post.Std)], [.. layers.Select(l => l.GradStd)]);
    }
}
