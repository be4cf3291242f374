using InitLab.Activations;

namespace InitLab.Diagnostics;

/// <summary>What the probe measured at one weighted layer (dense or convolution) and the activation that follows it.</summary>
/// <param name="Index">The depth: 1 for the first weighted layer.</param>
/// <param name="Name">The layer's module name, e.g. <c>layers.4</c>.</param>
/// <param name="Description">The module's description, e.g. <c>Linear(500 → 500)</c>.</param>
/// <param name="FanIn">fan_in of the weight.</param>
/// <param name="FanOut">fan_out of the weight.</param>
/// <param name="Activation">The activation that follows (identity when none does).</param>
/// <param name="Pre">The layer's output z = W·x + b (the pre-activation).</param>
/// <param name="Post">φ(z), the output of the following activation (the same as <paramref name="Pre"/> when none follows).</param>
/// <param name="Saturated">The fraction of saturated post-activations (tanh, sigmoid), else null.</param>
/// <param name="Dead">The fraction of units with z ≤ 0 on every sample (relu, leaky_relu), else null.</param>
/// <param name="GradStd">The std of dL/dφ(z), the gradient with respect to the layer's output; NaN when none flowed back.</param>
/// <param name="PreGradStd">The std of dL/dz, the gradient with respect to the pre-activation; NaN when none flowed back.</param>
/// <param name="WeightNorm">‖W‖, the Frobenius norm of the weight.</param>
/// <param name="WeightGradNorm">‖∂L/∂W‖.</param>
/// <param name="UpdateRatio">‖ΔW‖/‖W‖ for one plain SGD step, ΔW = −lr·m·∂L/∂W (m the parameter's learning-rate multiplier).</param>
/// <param name="PredictedPreStd">The variance-propagation prediction of the pre-activation's root mean square, or null when the model is not a plain chain.</param>
public sealed record LayerProbe(
    int Index,
    string Name,
    string Description,
    long FanIn,
    long FanOut,
    Activation Activation,
    SignalStats Pre,
    SignalStats Post,
    double? Saturated,
    double? Dead,
    double GradStd,
    double PreGradStd,
    double WeightNorm,
    double WeightGradNorm,
    double UpdateRatio,
    double? PredictedPreStd);
