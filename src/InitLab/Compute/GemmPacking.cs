using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InitLab.Compute;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layouts the micro-kernels stream through (see <see cref="IGemmKernel"/>).
/// Panels past the matrix edge are zero-padded to a full tile, so the kernels never branch on edges.
/// </summary>
/// <remarks>
/// Both operands are packed the same way: a block is cut into panels w wide (w = MR for A, NR for B) and kc deep,
/// each stored depth-major (w values per depth step). What differs is only which axis is contiguous in memory:
/// A's panel axis (rows i) is contiguous when A is transposed, B's panel axis (columns j) when B is not.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>How many depth steps ahead a contiguous-panel pack touches its source rows (8 measured best of 4, 8, 12, 16).</summary>
    const int PrefetchDistance = 8;

    /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc] as ⌈mc/mr⌉ panels of mr×kc.</summary>
    public static void PackA(Transpose trans, float* a, nint lda, int i0, int p0, int mc, int kc, int mr, float* dst)
    {
        bool contiguous = trans == Transpose.Yes;
        PackPanels(contiguous ? a + p0 * lda + i0 : a + i0 * lda + p0, contiguous, lda, mc, kc, mr, 0, (mc + mr - 1) / mr, dst);
    }

    /// <summary>
    /// Copies rows i0..i0+mc of a row-major A, depth p0..p0+kc, to dst + i·rowStride, and zeroes rows mc..rows (the
    /// padding of the last row panel). These are row panels (<see cref="RowPanels"/>): no transpose.
    /// </summary>
    public static void PackRows(float* a, nint lda, int i0, int p0, int mc, int kc, int rows, int rowStride, float* dst)
    {
        for (int i = 0; i < mc; i++)
            new ReadOnlySpan<float>(a + (i0 + i) * lda + p0, kc).CopyTo(new Span<float>(dst + (nint)i * rowStride, kc));
        for (int i = mc; i < rows; i++)
            new Span<float>(dst + (nint)i * rowStride, kc).Clear();
    }

    /// <summary>Packs panels [first, last) of op(B)[p0..p0+kc, j0..j0+nc], each kc×nr.</summary>
    public static void PackB(Transpose trans, float* b, nint ldb, int p0, int j0, int kc, int nc, int nr, int first, int last, float* dst)
    {
        bool contiguous = trans == Transpose.No;
        PackPanels(contiguous ? b + p0 * ldb + j0 : b + j0 * ldb + p0, contiguous, ldb, nc, kc, nr, first, last, dst);
    }

    /// <summary>Copies <paramref name="count"/> floats and zero-fills the rest of a run of <paramref name="w"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void CopyRun(float* s, float* d, int count, int w)
    {
        int i = 0;
        if (count == w)
        {
            for (; i + 16 <= w; i += 16)
                Vector512.Store(Vector512.Load(s + i), d + i);
            for (; i + 4 <= w; i += 4)
                Vector128.Store(Vector128.Load(s + i), d + i);
        }
        for (; i < count; i++)
            d[i] = s[i];
        for (; i < w; i++)
            d[i] = 0;
    }

    /// <summary>d[p·w + r] = s_r[p] for r in 0..4 and p in 0..depth: four rows become four interleaved columns (needs SSE).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose4Rows(float* s0, float* s1, float* s2, float* s3, int depth, float* d, int w)
    {
        int p = 0;
        for (; p + 4 <= depth; p += 4)
        {
            // The _MM_TRANSPOSE4_PS sequence: interleave row pairs, then combine halves.
            var r0 = Sse.LoadVector128(s0 + p);
            var r1 = Sse.LoadVector128(s1 + p);
            var r2 = Sse.LoadVector128(s2 + p);
            var r3 = Sse.LoadVector128(s3 + p);
            var t0 = Sse.UnpackLow(r0, r1);
            var t1 = Sse.UnpackLow(r2, r3);
            var t2 = Sse.UnpackHigh(r0, r1);
            var t3 = Sse.UnpackHigh(r2, r3);
            Sse.Store(d + p * w, Sse.MoveLowToHigh(t0, t1));
            Sse.Store(d + (p + 1) * w, Sse.MoveHighToLow(t1, t0));
            Sse.Store(d + (p + 2) * w, Sse.MoveLowToHigh(t2, t3));
            Sse.Store(d + (p + 3) * w, Sse.MoveHighToLow(t3, t2));
        }
        for (; p < depth; p++)
        {
            d[p * w] = s0[p];
            d[p * w + 1] = s1[p];
            d[p * w + 2] = s2[p];
            d[p * w + 3] = s3[p];
        }
    }

    /// <summary>
    /// Packs panels [first, last) of a width×depth block whose element (x, p) is at src[x + p·ld] when
    /// <paramref name="panelContiguous"/>, else at src[x·ld + p]. Panel q holds x in [q·w, q·w + w), zero-padded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackPanels(float* src, bool panelContiguous, nint ld, int width, int depth, int w, int first, int last, float* dst)
    {
        dst += (nint)first * w * depth;
        if (panelContiguous)
        {
            // Each depth step is a contiguous run of every panel's values: read it once, in order, and deal it out.
            // Rows are read one after another, each a fresh run of lines the hardware prefetcher would meet only after
            // a miss or two; touching the row PrefetchDistance steps ahead keeps that many rows in flight instead.
            int span = Math.Min(width, last * w) - first * w;
            for (int p = 0; p < depth; p++)
            {
                if (Sse.IsSupported && p + PrefetchDistance < depth)
                {
                    float* ahead = src + (p + PrefetchDistance) * ld + first * w;
                    for (int x = 0; x < span; x += 16)
                        Sse.Prefetch0(ahead + x);
                }
                float* s = src + p * ld, d = dst + p * w;
                for (int panel = first; panel < last; panel++, d += w * depth)
                    CopyRun(s + panel * w, d, Math.Min(w, width - panel * w), w);
            }
            return;
        }
        for (int panel = first; panel < last; panel++, dst += w * depth)
        {
            // Each panel value is a contiguous run over depth: transpose 4×4 blocks, then the leftovers one by one.
            int x0 = panel * w, count = Math.Min(w, width - x0), row = 0;
            if (Sse.IsSupported)
                for (; row + 4 <= count; row += 4)
                {
                    float* top = src + (x0 + row) * ld;
                    Transpose4Rows(top, top + ld, top + 2 * ld, top + 3 * ld, depth, dst + row, w);
                }
            for (; row < count; row++)
            {
                float* s = src + (x0 + row) * ld;
                float* d = dst + row;
                for (int p = 0; p < depth; p++)
                    d[p * w] = s[p];
            }
            for (int x = count; x < w; x++)
                for (int p = 0; p < depth; p++)
                    dst[p * w + x] = 0;
        }
    }
}
