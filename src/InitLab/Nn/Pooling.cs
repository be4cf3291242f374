using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>Max pooling over k×k windows (PyTorch <c>MaxPool2d</c>).</summary>
/// <param name="kernel">The window side.</param>
/// <param name="stride">The step between windows.</param>
public sealed class MaxPool2d(int kernel, int stride) : Module
{
    /// <inheritdoc/>
    public override string Describe() => $"MaxPool2d({kernel}×{kernel}, stride {stride})";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.MaxPool2d(tape, Name, x, kernel, stride);
}

/// <summary>Average pooling over k×k windows (PyTorch <c>AvgPool2d</c>).</summary>
/// <param name="kernel">The window side.</param>
/// <param name="stride">The step between windows.</param>
public sealed class AvgPool2d(int kernel, int stride) : Module
{
    /// <inheritdoc/>
    public override string Describe() => $"AvgPool2d({kernel}×{kernel}, stride {stride})";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.AvgPool2d(tape, Name, x, kernel, stride);
}

/// <summary>Global average pooling: [N, C, H, W] → [N, C].</summary>
public sealed class GlobalAvgPool : Module
{
    /// <inheritdoc/>
    public override string Describe() => "GlobalAvgPool";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.GlobalAvgPool(tape, Name, x);
}

/// <summary>Flattens every axis but the first: [N, …] → [N, ∏…].</summary>
public sealed class Flatten : Module
{
    /// <inheritdoc/>
    public override string Describe() => "Flatten";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.Reshape(tape, Name, x, x.Value.Dim(0), -1);
}
