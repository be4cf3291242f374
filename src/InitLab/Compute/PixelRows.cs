using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace InitLab.Compute;

/// <summary>
/// The pixel-major rows from which the weight gradient's micro-kernel reads col in place (see <see cref="ImplicitConv"/>):
/// B's row for grid pixel q of a sample is a run of <see cref="Length"/> floats, and each B panel is NR consecutive floats of it.
/// </summary>
/// <remarks>
/// Channel-last (when the group's channels fill at least one B panel): row q' holds the C_in/groups channels of padded pixel
/// q', so tap t's panels are the rows shifted by TapOffset(t) whole rows. Otherwise row q holds every (tap, channel) value
/// pixel q reads, side by side. A panel that runs past a row's end reads the next row; those columns are dropped.
/// </remarks>
internal readonly unsafe struct PixelRows
{
    readonly PaddedGrid _grid;
    readonly int _channels, _nr, _channelPanels;

    public PixelRows(PaddedGrid grid, int channels, int nr)
    {
        (_grid, _channels, _nr) = (grid, channels, nr);
        ChannelLast = channels >= nr;
        Length = ChannelLast ? channels : grid.Taps * channels;
        _channelPanels = (channels + nr - 1) / nr;
        Panels = ChannelLast ? grid.Taps * _channelPanels : (Length + nr - 1) / nr;
        SampleStride = (nint)(ChannelLast ? grid.Plane : grid.Pixels) * Length;
    }

    public bool ChannelLast { get; }

    /// <summary>Floats per row: the B step between depth steps.</summary>
    public int Length { get; }

    /// <summary>B panels covering every (tap, channel) column.</summary>
    public int Panels { get; }

    /// <summary>Floats per sample.</summary>
    public nint SampleStride { get; }

    /// <summary>Where panel <paramref name="panel"/> starts relative to a sample's first row.</summary>
    public nint PanelOffset(int panel) => ChannelLast
        ? (nint)_grid.TapOffset(panel / _channelPanels) * Length + panel % _channelPanels * _nr
        : (nint)panel * _nr;

    /// <summary>The (tap, channel) of column <paramref name="column"/> of the panels side by side, or channel −1 for a dropped column.</summary>
    public (int Tap, int Channel) Target(int column)
    {
        if (ChannelLast)
        {
            int panel = column / _nr, channel = panel % _channelPanels * _nr + column % _nr;
            return (panel / _channelPanels, channel < _channels ? channel : -1);
        }
        return column < Length ? (column / _channels, column % _channels) : (0, -1);
    }

    /// <summary>Writes one sample's rows from its <see cref="_channels"/> image planes (H×W each, contiguous).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(float* image, float* rows)
    {
        var g = _grid.Geometry;
        if (ChannelLast)
        {
            new Span<float>(rows, (int)SampleStride).Clear();
            // Each image row, [channel][x], is transposed into the rows of its W pixels, [x][channel].
            for (int y = 0; y < g.Height; y++)
                GemmPacking.PackPanels(image + (nint)y * g.Width, false, (nint)g.Height * g.Width, _channels, g.Width, Length, 0, 1,
                    rows + ((nint)(y + g.PadH) * _grid.Width + g.PadW) * Length);
            return;
        }
        float* planes = ConvScratch.Planes(_grid.PlanesLength(_channels));
        _grid.Fill(image, _channels, planes);
        // Row (t, c) of the unfolded matrix is plane c shifted by tap t; four of them at a time are transposed into the rows.
        int k = 0;
        if (Sse.IsSupported)
            for (; k + 4 <= Length; k += 4)
                GemmPacking.Transpose4Rows(Shifted(planes, k), Shifted(planes, k + 1), Shifted(planes, k + 2), Shifted(planes, k + 3),
                    _grid.Pixels, rows + k, Length);
        for (; k < Length; k++)
        {
            float* source = Shifted(planes, k);
            for (int q = 0; q < _grid.Pixels; q++)
                rows[(nint)q * Length + k] = source[q];
        }
    }

    /// <summary>Plane c shifted by tap t, for column k = t·channels + c of a per-pixel row.</summary>
    float* Shifted(float* planes, int k) => planes + (nint)(k % _channels) * _grid.Plane + _grid.TapOffset(k / _channels);
}
