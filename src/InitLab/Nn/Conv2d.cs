using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>A 2-D convolution (PyTorch <c>Conv2d</c>, NCHW) with a square kernel, W [out, in, k, k] in OutIn layout.</summary>
public sealed class Conv2d : Module
{
    /// <summary>Creates the layer with zero parameters (an initializer fills them).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the padding is negative.</exception>
    public Conv2d(int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        (InChannels, OutChannels, Kernel, Stride, Padding) = (inChannels, outChannels, kernel, stride, padding);
        long field = (long)kernel * kernel;
        Weight = new Parameter("weight", ParameterRole.Weight, [outChannels, inChannels, kernel, kernel], inChannels * field, outChannels * field, field);
        Bias = bias ? new Parameter("bias", ParameterRole.Bias, [outChannels], inChannels * field, outChannels * field, field) : null;
    }

    /// <summary>C_in.</summary>
    public int InChannels { get; }

    /// <summary>C_out.</summary>
    public int OutChannels { get; }

    /// <summary>The kernel side k.</summary>
    public int Kernel { get; }

    /// <summary>The stride.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }

    /// <summary>W [out, in, k, k].</summary>
    public Parameter Weight { get; }

    /// <summary>b [out], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override IEnumerable<Parameter> OwnParameters => Bias is null ? [Weight] : [Weight, Bias];

    /// <inheritdoc/>
    public override string Describe() => $"Conv2d({InChannels} → {OutChannels}, {Kernel}×{Kernel}, stride {Stride}, padding {Padding})";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.Conv2d(tape, Name, x, Weight, Bias, Stride, Padding);
}
