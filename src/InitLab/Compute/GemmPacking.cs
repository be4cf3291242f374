using System.Runtime.CompilerServices;

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
    /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc] as ⌈mc/mr⌉ panels of mr×kc.</summary>
    public static void PackA(Transpose trans, float* a, nint lda, int i0, int p0, int mc, int kc, int mr, float* dst)
    {
        bool contiguous = trans == Transpose.Yes;
        PackPanels(contiguous ? a + p0 * lda + i0 : a + i0 * lda + p0, contiguous, lda, mc, kc, mr, 0, (mc + mr - 1) / mr, dst);
    }

    /// <summary>Packs panels [first, last) of op(B)[p0..p0+kc, j0..j0+nc], each kc×nr.</summary>
    public static void PackB(Transpose trans, float* b, nint ldb, int p0, int j0, int kc, int nc, int nr, int first, int last, float* dst)
    {
        bool contiguous = trans == Transpose.No;
        PackPanels(contiguous ? b + p0 * ldb + j0 : b + j0 * ldb + p0, contiguous, ldb, nc, kc, nr, first, last, dst);
    }

    /// <summary>
    /// Packs panels [first, last) of a width×depth block whose element (x, p) is at src[x + p·ld] when
    /// <paramref name="panelContiguous"/>, else at src[x·ld + p]. Panel q holds x in [q·w, q·w + w), zero-padded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackPanels(float* src, bool panelContiguous, nint ld, int width, int depth, int w, int first, int last, float* dst)
    {
        dst += (nint)first * w * depth;
        for (int panel = first; panel < last; panel++, dst += w * depth)
        {
            int x0 = panel * w;
            int count = Math.Min(w, width - x0);
            if (panelContiguous)
            {
                // Each depth step is a contiguous run of the panel's values.
                float* s = src + x0;
                for (int p = 0; p < depth; p++, s += ld)
                {
                    float* d = dst + p * w;
                    new ReadOnlySpan<float>(s, count).CopyTo(new Span<float>(d, count));
                    new Span<float>(d + count, w - count).Clear();
                }
            }
            else
            {
                // Each panel value is a contiguous run over depth: read it in order, scatter with stride w.
                for (int x = 0; x < count; x++)
                {
                    float* s = src + (x0 + x) * ld;
                    float* d = dst + x;
                    for (int p = 0; p < depth; p++)
                        d[p * w] = s[p];
                }
                for (int x = count; x < w; x++)
                    for (int p = 0; p < depth; p++)
                        dst[p * w + x] = 0;
            }
        }
    }
}
