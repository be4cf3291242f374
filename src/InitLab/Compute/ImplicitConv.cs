using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace InitLab.Compute;

/// <summary>Stride-1 convolutions as implicit GEMMs on zero-padded planes: the micro-kernel reads the input in place, no unfolded matrix is built.</summary>
/// <remarks>
/// Each input channel is copied into a zero-padded plane Hp×Wp = (H + 2·ph)×(W + 2·pw) (see <see cref="PaddedGrid"/>).
/// On that grid the output pixel q = y·Wp + x (kept when x &lt; OW) reads tap (kh, kw) at q + kh·dh·Wp + kw·dw, a fixed
/// offset per tap, so row (tap, c) of the unfolded matrix is plane c shifted by the tap's offset. The micro-kernel walks
/// the depth as one run per tap of C_in/groups rows a plane apart. The Wp − OW columns past each output row are
/// computed and dropped.
/// <list type="bullet">
/// <item>forward: Y = W·col + b, with W packed in (tap, channel) depth order;</item>
/// <item>input gradient: the adjoint of a stride-1 convolution is the stride-1 convolution of dY with the flipped,
/// transposed kernel and padding dil·(K − 1) − pad, so it is the same forward with other weights;</item>
/// <item>weight gradient: dW = Σ_samples dY·colᵀ with the depth running over the kept output pixels only (one kernel
/// run per output row) and dY packed as the A operand; col is read in place from pixel-major rows (see <see cref="PixelRows"/>).</item>
/// </list>
/// Forward and input gradient split the batch over threads by sample; the weight gradient sums fixed chunks of samples
/// in chunk order. So the bits do not depend on the thread count.
///
/// The drivers that copy, pack and crop around the micro-kernels are compiled fully optimized on first use
/// (AggressiveOptimization, like the kernels): a convolution is a few long calls, which tiered compilation would run at
/// tier 0 for a whole training step or benchmark; that tripled the time of the crop into NCHW on the 28×28 layer.
/// </remarks>
internal static unsafe partial class ImplicitConv
{
    /// <summary>Output pixels per weight-gradient chunk: the depth of one kernel call, long enough to amortize its C-tile store.</summary>
    const int ChunkDepth = 1024;

    /// <summary>Whether the forward pass and weight gradient of this geometry run here (stride 1).</summary>
    public static bool Supports(Conv2dGeometry g) => g.StrideH == 1 && g.StrideW == 1;

    /// <summary>Whether the input gradient runs here: stride 1 and padding at most dil·(K − 1), so the adjoint's padding is not negative.</summary>
    public static bool SupportsInputGradient(Conv2dGeometry g) =>
        Supports(g) && g.PadH <= g.DilationH * (g.KernelHeight - 1) && g.PadW <= g.DilationW * (g.KernelWidth - 1);

    /// <summary>y = conv(x, w) + b (b may be empty).</summary>
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int workers)
    {
        fixed (float* px = x, pw = w, pb = bias, py = y)
            Dispatch(g, px, pw, false, bias.IsEmpty ? null : pb, py, workers);
    }

    /// <summary>dx = the adjoint convolution of dy.</summary>
    public static void InputGradient(Conv2dGeometry g, ReadOnlySpan<float> w, ReadOnlySpan<float> dy, Span<float> dx, int workers)
    {
        var adjoint = new Conv2dGeometry(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, g.InChannels, g.KernelHeight, g.KernelWidth,
            1, 1, g.DilationH * (g.KernelHeight - 1) - g.PadH, g.DilationW * (g.KernelWidth - 1) - g.PadW, g.DilationH, g.DilationW, g.Groups);
        fixed (float* pdy = dy, pw = w, pdx = dx)
            Dispatch(adjoint, pdy, pw, true, null, pdx, workers);
    }

    static void Dispatch(Conv2dGeometry g, float* x, float* w, bool adjoint, float* bias, float* y, int workers)
    {
        switch (Gemm.Resolve(GemmKernelKind.Auto))
        {
            case GemmKernelKind.Avx512 when EightRows.Preferred(g.OutChannels / g.Groups):
                Convolve<Avx512Kernel<EightRows, InterleavedPanels>>(g, x, w, adjoint, bias, y, workers);
                break;
            case GemmKernelKind.Avx512: Convolve<Avx512Kernel<TwelveRows, InterleavedPanels>>(g, x, w, adjoint, bias, y, workers); break;
            case GemmKernelKind.Avx2: Convolve<Avx2Kernel>(g, x, w, adjoint, bias, y, workers); break;
            default: Convolve<ScalarKernel>(g, x, w, adjoint, bias, y, workers); break;
        }
    }

    static void Convolve<TK>(Conv2dGeometry g, float* x, float* w, bool adjoint, float* bias, float* y, int workers)
        where TK : struct, IGemmKernel
    {
        var grid = new PaddedGrid(g, TK.NR);
        int og = g.OutChannels / g.Groups, depth = grid.Taps * (g.InChannels / g.Groups);
        int length = g.Groups * RoundUp(og, TK.MR) * depth;
        var packed = ArrayPool<float>.Shared.Rent(length);
        try
        {
            fixed (float* pw = packed)
            {
                PackWeights(g, w, adjoint, TK.MR, pw);
                var (xs, ws, bs, ys) = ((nint)x, (nint)pw, (nint)bias, (nint)y);
                Parallelism.For(g.Batch, workers, s => Sample<TK>(g, grid, (float*)xs, (float*)ws, (float*)bs, (float*)ys, s));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
        }
    }

    /// <summary>
    /// Packs the weights of every group as MR-row panels in (tap, channel) depth order, rows past C_out/groups zero.
    /// For the adjoint, row r and channel c of group g take w[g·C_in/groups + c, r, flipped tap] of the original weights.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackWeights(Conv2dGeometry g, float* w, bool adjoint, int mr, float* dst)
    {
        int cg = g.InChannels / g.Groups, og = g.OutChannels / g.Groups, taps = g.KernelHeight * g.KernelWidth, rows = RoundUp(og, mr);
        for (int group = 0; group < g.Groups; group++)
            for (int ir = 0; ir < rows; ir += mr)
                for (int t = 0; t < taps; t++)
                    for (int c = 0; c < cg; c++, dst += mr)
                        for (int r = 0; r < mr; r++)
                        {
                            int o = ir + r;
                            dst[r] = o >= og ? 0
                                : adjoint ? w[(((nint)group * cg + c) * og + o) * taps + taps - 1 - t]
                                : w[(((nint)group * og + o) * cg + c) * taps + t];
                        }
    }

    /// <summary>Every group of sample s: pad its planes, multiply, and crop the grid into y (adding the bias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Sample<TK>(Conv2dGeometry g, PaddedGrid grid, float* x, float* packedW, float* bias, float* y, int s)
        where TK : struct, IGemmKernel
    {
        int mr = TK.MR, nr = TK.NR, cg = g.InChannels / g.Groups, og = g.OutChannels / g.Groups;
        int depth = grid.Taps * cg, rows = RoundUp(og, mr), pixels = g.OutHeight * g.OutWidth;
        float* planes = ConvScratch.Planes(grid.PlanesLength(cg));
        float* result = ConvScratch.Result((nint)rows * grid.Columns);
        nint* offsets = stackalloc nint[grid.Taps];
        for (int t = 0; t < grid.Taps; t++)
            offsets[t] = grid.TapOffset(t);
        for (int group = 0; group < g.Groups; group++)
        {
            grid.Fill(x + ((nint)s * g.InChannels + group * cg) * g.Height * g.Width, cg, planes);
            float* weights = packedW + (nint)group * rows * depth;
            for (int ir = 0; ir < rows; ir += mr)
                for (int j = 0; j < grid.Columns; j += nr)
                    TK.Run(grid.Taps, cg, weights + (nint)ir * depth, mr, planes + j, offsets, grid.Plane,
                        result + (nint)ir * grid.Columns + j, grid.Columns, 1f, 0f, null);
            for (int o = 0; o < og; o++)
            {
                int channel = group * og + o;
                float* output = y + ((nint)s * g.OutChannels + channel) * pixels;
                for (int row = 0; row < g.OutHeight; row++)
                    new ReadOnlySpan<float>(result + (nint)o * grid.Columns + row * grid.Width, g.OutWidth)
                        .CopyTo(new Span<float>(output + row * g.OutWidth, g.OutWidth));
                // One call per plane rather than per row: the plane is in L1, and short calls are what cost.
                if (bias != null)
                    TensorPrimitives.Add(new ReadOnlySpan<float>(output, pixels), bias[channel], new Span<float>(output, pixels));
            }
        }
    }

    static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
