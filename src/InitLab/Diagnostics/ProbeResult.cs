namespace InitLab.Diagnostics;

/// <summary>Everything <see cref="SignalProbe.Run"/> measured on one batch.</summary>
/// <param name="Layers">The weighted layers, input side first.</param>
/// <param name="Loss">The loss that was differentiated.</param>
/// <param name="LossValue">Its value on the batch.</param>
/// <param name="InputSecondMoment">E[x²] over every element of the input batch: the start of the variance prediction.</param>
/// <param name="Jacobian">The input–output Jacobian spectrum, or null when not asked for or the model is not a dense chain.</param>
public sealed record ProbeResult(IReadOnlyList<LayerProbe> Layers, ProbeLoss Loss, double LossValue, double InputSecondMoment, JacobianSpectrum? Jacobian);
