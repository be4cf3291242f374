using InitLab.Validation;

namespace InitLab.Compute;

/// <summary>The shapes of a 2-D convolution in NCHW layout: input [N, C_in, H, W], weight [C_out, C_in/groups, KH, KW], output [N, C_out, OH, OW].</summary>
/// <remarks>
/// OH = ⌊(H + 2·pad_h − dil_h·(KH − 1) − 1) / stride_h⌋ + 1, and likewise OW (the PyTorch <c>Conv2d</c> definition).
/// Output channel o of group g = ⌊o / (C_out/groups)⌋ sees input channels [g·C_in/groups, (g+1)·C_in/groups).
/// </remarks>
public sealed record Conv2dGeometry
{
    /// <summary>A convolution with the same stride, padding and dilation along height and width.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, padding is negative, channels are not divisible by groups, or the output would be empty.</exception>
    public Conv2dGeometry(int batch, int inChannels, int height, int width, int outChannels, int kernelHeight, int kernelWidth,
        int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        : this(batch, inChannels, height, width, outChannels, kernelHeight, kernelWidth, stride, stride, padding, padding, dilation, dilation, groups)
    {
    }

    /// <summary>A convolution with separate stride, padding and dilation along height and width.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, padding is negative, channels are not divisible by groups, or the output would be empty.</exception>
    public Conv2dGeometry(int batch, int inChannels, int height, int width, int outChannels, int kernelHeight, int kernelWidth,
        int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups)
    {
        Guard.AtLeastOne(batch, nameof(batch)); Guard.AtLeastOne(inChannels, nameof(inChannels)); Guard.AtLeastOne(height, nameof(height));
        Guard.AtLeastOne(width, nameof(width)); Guard.AtLeastOne(outChannels, nameof(outChannels)); Guard.AtLeastOne(kernelHeight, nameof(kernelHeight));
        Guard.AtLeastOne(kernelWidth, nameof(kernelWidth)); Guard.AtLeastOne(strideH, nameof(strideH)); Guard.AtLeastOne(strideW, nameof(strideW));
        Guard.AtLeastOne(dilationH, nameof(dilationH)); Guard.AtLeastOne(dilationW, nameof(dilationW)); Guard.AtLeastOne(groups, nameof(groups));
        if (padH < 0)
            throw Guard.OutOfRange(nameof(padH), padH, "it must be ≥ 0");
        if (padW < 0)
            throw Guard.OutOfRange(nameof(padW), padW, "it must be ≥ 0");
        if (inChannels % groups != 0)
            throw Guard.OutOfRange(nameof(inChannels), inChannels, $"it must be divisible by groups = {groups}");
        if (outChannels % groups != 0)
            throw Guard.OutOfRange(nameof(outChannels), outChannels, $"it must be divisible by groups = {groups}");
        (Batch, InChannels, Height, Width, OutChannels, KernelHeight, KernelWidth) = (batch, inChannels, height, width, outChannels, kernelHeight, kernelWidth);
        (StrideH, StrideW, PadH, PadW, DilationH, DilationW, Groups) = (strideH, strideW, padH, padW, dilationH, dilationW, groups);
        OutHeight = (height + 2 * padH - dilationH * (kernelHeight - 1) - 1) / strideH + 1;
        OutWidth = (width + 2 * padW - dilationW * (kernelWidth - 1) - 1) / strideW + 1;
        if (height + 2 * padH < dilationH * (kernelHeight - 1) + 1 || width + 2 * padW < dilationW * (kernelWidth - 1) + 1)
            throw Guard.OutOfRange(nameof(kernelHeight), $"{kernelHeight}×{kernelWidth}",
                $"the dilated kernel must fit the padded {height + 2 * padH}×{width + 2 * padW} input");
        long output = (long)batch * outChannels * OutHeight * OutWidth, input = (long)batch * inChannels * height * width;
        if (Math.Max(output, input) > Array.MaxLength)
            throw Guard.OutOfRange(nameof(batch), batch, $"the input or output would exceed {Array.MaxLength} elements");
    }

    /// <summary>N, samples per batch.</summary>
    public int Batch { get; }
    /// <summary>C_in.</summary>
    public int InChannels { get; }
    /// <summary>H, input rows.</summary>
    public int Height { get; }
    /// <summary>W, input columns.</summary>
    public int Width { get; }
    /// <summary>C_out.</summary>
    public int OutChannels { get; }
    /// <summary>KH.</summary>
    public int KernelHeight { get; }
    /// <summary>KW.</summary>
    public int KernelWidth { get; }
    /// <summary>Vertical stride.</summary>
    public int StrideH { get; }
    /// <summary>Horizontal stride.</summary>
    public int StrideW { get; }
    /// <summary>Zero rows added above and below.</summary>
    public int PadH { get; }
    /// <summary>Zero columns added left and right.</summary>
    public int PadW { get; }
    /// <summary>Vertical spacing of kernel taps.</summary>
    public int DilationH { get; }
    /// <summary>Horizontal spacing of kernel taps.</summary>
    public int DilationW { get; }
    /// <summary>Channel groups; each sees C_in/groups inputs and makes C_out/groups outputs.</summary>
    public int Groups { get; }
    /// <summary>OH, output rows.</summary>
    public int OutHeight { get; }
    /// <summary>OW, output columns.</summary>
    public int OutWidth { get; }

    /// <summary>N·C_in·H·W.</summary>
    public int InputLength => Batch * InChannels * Height * Width;

    /// <summary>C_out·(C_in/groups)·KH·KW.</summary>
    public int WeightLength => OutChannels * PatchLength;

    /// <summary>N·C_out·OH·OW.</summary>
    public int OutputLength => Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>(C_in/groups)·KH·KW: the length of one receptive field, the GEMM depth.</summary>
    public int PatchLength => InChannels / Groups * KernelHeight * KernelWidth;
}
