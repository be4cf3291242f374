using System.Runtime.CompilerServices;

namespace InitLab.Compute;

/// <summary>The zero-padded pixel grid on which <see cref="ImplicitConv"/> computes a stride-1 convolution.</summary>
/// <remarks>
/// A plane is (H + 2·ph)×Wp with Wp = W + 2·pw, the image at row ph, column pw. Output pixel q = y·Wp + x reads tap t =
/// kh·KW + kw at plane index q + TapOffset(t) = q + kh·dh·Wp + kw·dw; the output grid has OH rows of Wp pixels, of
/// which the first OW of each row are kept. Columns is that grid rounded up to whole NR-wide B panels.
/// </remarks>
internal readonly unsafe struct PaddedGrid
{
    readonly int _kernelWidth, _rowStep, _dilationW;

    public PaddedGrid(Conv2dGeometry g, int nr)
    {
        Geometry = g;
        Width = g.Width + 2 * g.PadW;
        Plane = (g.Height + 2 * g.PadH) * Width;
        Taps = g.KernelHeight * g.KernelWidth;
        Pixels = g.OutHeight * Width;
        Columns = (Pixels + nr - 1) / nr * nr;
        (_kernelWidth, _rowStep, _dilationW) = (g.KernelWidth, g.DilationH * Width, g.DilationW);
    }

    public Conv2dGeometry Geometry { get; }

    /// <summary>Wp, the padded row length (and the output grid's row length).</summary>
    public int Width { get; }

    /// <summary>Floats per padded plane.</summary>
    public int Plane { get; }

    /// <summary>KH·KW.</summary>
    public int Taps { get; }

    /// <summary>OH·Wp, the output grid.</summary>
    public int Pixels { get; }

    /// <summary>The output grid rounded up to whole B panels.</summary>
    public int Columns { get; }

    public int TapOffset(int t) => t / _kernelWidth * _rowStep + t % _kernelWidth * _dilationW;

    /// <summary>Floats for <paramref name="channels"/> planes plus the tail the last B panels read past them.</summary>
    public nint PlanesLength(int channels) => (nint)channels * Plane + Columns + TapOffset(Taps - 1);

    /// <summary>Copies <paramref name="channels"/> image planes (H×W each, contiguous) into zero-padded planes and zeroes the tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(float* image, int channels, float* planes)
    {
        var g = Geometry;
        new Span<float>(planes, (int)PlanesLength(channels)).Clear();
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < g.Height; y++)
                new ReadOnlySpan<float>(image + ((nint)c * g.Height + y) * g.Width, g.Width)
                    .CopyTo(new Span<float>(planes + (nint)c * Plane + (y + g.PadH) * Width + g.PadW, g.Width));
    }
}
