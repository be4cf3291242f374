using InitLab.Validation;

namespace InitLab.Compute;

/// <summary>The shapes of a 2-D pooling in NCHW layout: input [N, C, H, W], output [N, C, OH, OW].</summary>
/// <remarks>OH = ⌊(H + 2·pad − kernel) / stride⌋ + 1, and likewise OW (PyTorch's <c>MaxPool2d</c>/<c>AvgPool2d</c> with ceil_mode = False).</remarks>
public sealed record Pool2dGeometry
{
    /// <summary>A square pooling window.</summary>
    /// <param name="batch">N.</param>
    /// <param name="channels">C.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="kernel">Window side.</param>
    /// <param name="stride">Step between windows (PyTorch's default is the kernel size).</param>
    /// <param name="padding">Implicit padding on each side; at most kernel/2, as in PyTorch.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the padding is negative or more than kernel/2.</exception>
    public Pool2dGeometry(int batch, int channels, int height, int width, int kernel, int stride, int padding = 0)
    {
        Guard.AtLeastOne(batch, nameof(batch)); Guard.AtLeastOne(channels, nameof(channels)); Guard.AtLeastOne(height, nameof(height));
        Guard.AtLeastOne(width, nameof(width)); Guard.AtLeastOne(kernel, nameof(kernel)); Guard.AtLeastOne(stride, nameof(stride));
        if (padding < 0 || 2 * padding > kernel)
            throw Guard.OutOfRange(nameof(padding), padding, $"it must be in [0, {kernel / 2}] (at most half the kernel {kernel})");
        if (height + 2 * padding < kernel || width + 2 * padding < kernel)
            throw Guard.OutOfRange(nameof(kernel), kernel, $"the window must fit the padded {height + 2 * padding}×{width + 2 * padding} input");
        if ((long)batch * channels * height * width > Array.MaxLength)
            throw Guard.OutOfRange(nameof(batch), batch, $"the input would exceed {Array.MaxLength} elements");
        (Batch, Channels, Height, Width, Kernel, Stride, Padding) = (batch, channels, height, width, kernel, stride, padding);
        OutHeight = (height + 2 * padding - kernel) / stride + 1;
        OutWidth = (width + 2 * padding - kernel) / stride + 1;
    }

    /// <summary>N.</summary>
    public int Batch { get; }
    /// <summary>C.</summary>
    public int Channels { get; }
    /// <summary>H.</summary>
    public int Height { get; }
    /// <summary>W.</summary>
    public int Width { get; }
    /// <summary>Window side.</summary>
    public int Kernel { get; }
    /// <summary>Step between windows.</summary>
    public int Stride { get; }
    /// <summary>Implicit padding on each side.</summary>
    public int Padding { get; }
    /// <summary>OH.</summary>
    public int OutHeight { get; }
    /// <summary>OW.</summary>
    public int OutWidth { get; }

    /// <summary>N·C·H·W.</summary>
    public int InputLength => Batch * Channels * Height * Width;

    /// <summary>N·C·OH·OW.</summary>
    public int OutputLength => Batch * Channels * OutHeight * OutWidth;
}
