using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace InitLab.Compute;

/// <summary>
/// Unfolds convolution receptive fields into a matrix and folds it back: the data movement that turns a
/// convolution into a GEMM (Chellapilla, Puri &amp; Simard, "High Performance Convolutional Neural Networks for
/// Document Processing", 2006).
/// </summary>
/// <remarks>
/// For one group and a run of samples, the matrix has a row per (c, kh, kw) of the group's input channels and a
/// column per (sample, oh, ow): col[(c·KH + kh)·KW + kw, s·OH·OW + oh·OW + ow] = x[s, c, oh·sh − ph + kh·dh, ow·sw − pw + kw·dw],
/// and 0 where that index falls in the padding.
/// </remarks>
internal static class Im2Col
{
    /// <summary>Writes the unfolded matrix (row stride <paramref name="ld"/>) for samples [n0, n0 + samples) and group <paramref name="group"/>.</summary>
    public static void Unfold(Conv2dGeometry g, ReadOnlySpan<float> x, int n0, int samples, int group, Span<float> col, int ld) =>
        Walk<Gather>(g, ref MemoryMarshal.GetReference(x), n0, samples, group, ref MemoryMarshal.GetReference(col), ld);

    /// <summary>Adds each entry of the unfolded matrix back into the input position it was read from (the adjoint of <see cref="Unfold"/>).</summary>
    public static void FoldAdd(Conv2dGeometry g, Span<float> x, int n0, int samples, int group, ReadOnlySpan<float> col, int ld) =>
        Walk<ScatterAdd>(g, ref MemoryMarshal.GetReference(x), n0, samples, group, ref MemoryMarshal.GetReference(col), ld);

    interface IRowOp
    {
        /// <summary>
        /// Moves one run of <paramref name="count"/> matrix entries; entry i ∈ [lo, hi) pairs with image[first + i·stride],
        /// the others lie in the padding.
        /// </summary>
        static abstract void Row(ref float image, int first, ref float matrix, int count, int stride, int lo, int hi);
    }

    /// <summary>Visits every (row, sample, oh) run of the matrix with the matching input row and its valid ow range.</summary>
    static void Walk<TOp>(Conv2dGeometry g, ref float x0, int n0, int samples, int group, ref float m0, int ld)
        where TOp : IRowOp
    {
        int cg = g.InChannels / g.Groups, oh = g.OutHeight, ow = g.OutWidth, plane = g.Height * g.Width;
        for (int c = 0; c < cg; c++)
            for (int kh = 0; kh < g.KernelHeight; kh++)
                for (int kw = 0; kw < g.KernelWidth; kw++)
                {
                    int row = (c * g.KernelHeight + kh) * g.KernelWidth + kw;
                    int offW = kw * g.DilationW - g.PadW;
                    int lo = Math.Clamp(CeilDiv(-offW, g.StrideW), 0, ow);
                    int hi = Math.Clamp(FloorDiv(g.Width - 1 - offW, g.StrideW) + 1, lo, ow);
                    for (int s = 0; s < samples; s++)
                    {
                        int channelBase = ((n0 + s) * g.InChannels + group * cg + c) * plane;
                        for (int y = 0; y < oh; y++)
                        {
                            int ih = y * g.StrideH - g.PadH + kh * g.DilationH;
                            ref float m = ref Unsafe.Add(ref m0, (nint)row * ld + s * oh * ow + y * ow);
                            if ((uint)ih >= (uint)g.Height)
                            {
                                TOp.Row(ref x0, 0, ref m, ow, g.StrideW, 0, 0);
                                continue;
                            }
                            TOp.Row(ref Unsafe.Add(ref x0, channelBase + ih * g.Width), offW, ref m, ow, g.StrideW, lo, hi);
                        }
                    }
                }
    }

    readonly struct Gather : IRowOp
    {
        public static void Row(ref float image, int first, ref float matrix, int count, int stride, int lo, int hi)
        {
            var dst = MemoryMarshal.CreateSpan(ref matrix, count);
            dst[..lo].Clear();
            dst[hi..].Clear();
            if (stride == 1)
            {
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref image, first + lo), hi - lo).CopyTo(dst[lo..hi]);
                return;
            }
            for (int i = lo; i < hi; i++)
                dst[i] = Unsafe.Add(ref image, first + i * stride);
        }
    }

    readonly struct ScatterAdd : IRowOp
    {
        public static void Row(ref float image, int first, ref float matrix, int count, int stride, int lo, int hi)
        {
            if (stride == 1)
            {
                var src = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref matrix, lo), hi - lo);
                var dst = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref image, first + lo), hi - lo);
                TensorPrimitives.Add(dst, src, dst);
                return;
            }
            for (int i = lo; i < hi; i++)
                Unsafe.Add(ref image, first + i * stride) += Unsafe.Add(ref matrix, i);
        }
    }

    static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    static int CeilDiv(int a, int b) => -FloorDiv(-a, b);
}
