using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InitLab.Compute;

/// <summary>
/// A GEMM micro-kernel: multiplies an MR×kc panel of A by a kc×NR panel of B and writes c = α·acc + β·c over one
/// MR×NR tile of C (c = α·acc when β = 0, so C is never read and NaN in it is ignored).
/// </summary>
/// <remarks>
/// Operand addressing, which covers packed panels, unpacked matrices and convolution windows alike:
/// <list type="bullet">
/// <item>A's value for row r and depth step p is at a + p·aStep + r·ARowStride: with ARowStride = 1 the MR values of
/// a step are contiguous (an interleaved packed panel, aStep = MR, or Aᵀ read in place, aStep = lda); with
/// ARowStride = <see cref="RowPanels.RowStride"/> each row of the panel is contiguous over depth (aStep = 1).</item>
/// <item>The depth steps come in <c>runs</c> runs of <c>runLength</c>; B's NR values for step q of run r are contiguous at
/// b + runOffsets[r] + q·bStep (one run with bStep = NR for a packed panel; one run per kernel tap for a convolution).</item>
/// </list>
/// When <c>prefetchB</c> is not null, each depth step also touches the next NR floats from it (the next packed B
/// panel, read in the same order), so a panel streamed from L3 for the first time arrives before its kernel call.
/// Every element is accumulated as acc = fma(a_p, b_p, acc) over the steps in order, starting from 0. Because the
/// order and the rounding are the same in every kernel, the AVX-512, AVX2 and scalar kernels produce the same bits.
/// </remarks>
internal unsafe interface IGemmKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Floats between consecutive rows of an A panel: 1 for interleaved panels, else the row-panel stride.</summary>
    static abstract int ARowStride { get; }

    static abstract void Run(int runs, int runLength, float* a, nint aStep, float* b, nint* runOffsets, nint bStep,
        float* c, nint ldc, float alpha, float beta, float* prefetchB);
}

/// <summary>Prefetching of the C tile a kernel will update, so its cache misses overlap the multiply.</summary>
internal static unsafe class CTile
{
    /// <summary>Below this depth the kernel is too short for a prefetch to land before the tile is stored.</summary>
    const int MinDepth = 64;

    /// <summary>Touches the first and last float of each of the tile's rows (a row of up to 32 floats spans at most 3 lines).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(float* c, nint ldc, int rows, int cols, int depth)
    {
        if (depth < MinDepth || !Sse.IsSupported)
            return;
        for (int i = 0; i < rows; i++)
        {
            Sse.Prefetch0(c + i * ldc);
            Sse.Prefetch0(c + i * ldc + cols - 1);
        }
    }
}

/// <summary>The row count of a register tile, as a type so the JIT compiles a kernel per count without the unused rows.</summary>
internal interface ITileRows
{
    static abstract int Count { get; }
}

/// <summary>How a kernel reads its A panel, as a type so the row offsets are constants in the compiled kernel.</summary>
internal interface IAPanel
{
    static abstract int RowStride { get; }
}

/// <summary>Interleaved: the MR values of a depth step are contiguous (the layout convolutions and Aᵀ in place use).</summary>
internal readonly struct InterleavedPanels : IAPanel
{
    public static int RowStride => 1;
}

/// <summary>
/// Row panels: each of the MR rows is contiguous over depth, <see cref="RowStride"/> floats apart. Packing a row-major
/// op(A) into them is a copy of row pieces instead of a transpose.
/// </summary>
internal readonly struct RowPanels : IAPanel
{
    /// <summary>At least the largest K block (<see cref="GemmJob"/>'s KC), a multiple of 16 so rows stay 64-byte aligned.</summary>
    public static int RowStride => 256;
}

/// <summary>12 rows: the GEMM tile.</summary>
internal readonly struct TwelveRows : ITileRows
{
    public static int Count => 12;
}

/// <summary>8 rows: as fast per FMA on this CPU, and it pads sizes such as 32, 64, 128 or 784 less than 12 rows would.</summary>
internal readonly struct EightRows : ITileRows
{
    public static int Count => 8;

    /// <summary>Whether 8-row tiles cover <paramref name="rows"/> with less zero padding than 12-row tiles.</summary>
    public static bool Preferred(int rows) => (rows + 7) / 8 * 8 < (rows + 11) / 12 * 12;
}

/// <summary>
/// AVX-512 kernel, 12×32 tile (or its first 8 rows): 24 accumulators + 2 B vectors + 1 broadcast = 27 of the 32 zmm registers.
/// <code>
///            B[p, 0..16)   B[p, 16..32)      ← two zmm loads per p
/// A[0, p]    c0L           c0R               ← one broadcast per row
/// A[1, p]    c1L           c1R
///  …          …             …
/// A[11, p]   cBL           cBR               24 FMAs per p for 14 loads (8 rows: 16 FMAs for 10 loads)
/// </code>
/// A[r, p] is read at a + r·TA.RowStride, a constant in each compiled kernel: interleaved panels or row panels.
/// </summary>
internal readonly unsafe struct Avx512Kernel<TRows, TA> : IGemmKernel where TRows : struct, ITileRows where TA : struct, IAPanel
{
    public static int MR => TRows.Count;
    public static int NR => 32;
    public static int ARowStride => TA.RowStride;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int runs, int runLength, float* a, nint aStep, float* b, nint* runOffsets, nint bStep,
        float* c, nint ldc, float alpha, float beta, float* prefetchB)
    {
        Vector512<float> c0L = default, c0R = default, c1L = default, c1R = default, c2L = default, c2R = default;
        Vector512<float> c3L = default, c3R = default, c4L = default, c4R = default, c5L = default, c5R = default;
        Vector512<float> c6L = default, c6R = default, c7L = default, c7R = default, c8L = default, c8R = default;
        Vector512<float> c9L = default, c9R = default, cAL = default, cAR = default, cBL = default, cBR = default;
        CTile.Prefetch(c, ldc, TRows.Count, 32, runs * runLength);
        for (int r = 0; r < runs; r++)
        {
            float* bp = b + runOffsets[r];
            for (int q = 0; q < runLength; q++, a += aStep, bp += bStep)
            {
                if (prefetchB != null)
                {
                    Sse.Prefetch0(prefetchB);
                    Sse.Prefetch0(prefetchB + 16);
                    prefetchB += 32;
                }
                var bL = Vector512.Load(bp);
                var bR = Vector512.Load(bp + 16);
                Vector512<float> x;
                x = Vector512.Create(a[0 * TA.RowStride]); c0L = Avx512F.FusedMultiplyAdd(x, bL, c0L); c0R = Avx512F.FusedMultiplyAdd(x, bR, c0R);
                x = Vector512.Create(a[1 * TA.RowStride]); c1L = Avx512F.FusedMultiplyAdd(x, bL, c1L); c1R = Avx512F.FusedMultiplyAdd(x, bR, c1R);
                x = Vector512.Create(a[2 * TA.RowStride]); c2L = Avx512F.FusedMultiplyAdd(x, bL, c2L); c2R = Avx512F.FusedMultiplyAdd(x, bR, c2R);
                x = Vector512.Create(a[3 * TA.RowStride]); c3L = Avx512F.FusedMultiplyAdd(x, bL, c3L); c3R = Avx512F.FusedMultiplyAdd(x, bR, c3R);
                x = Vector512.Create(a[4 * TA.RowStride]); c4L = Avx512F.FusedMultiplyAdd(x, bL, c4L); c4R = Avx512F.FusedMultiplyAdd(x, bR, c4R);
                x = Vector512.Create(a[5 * TA.RowStride]); c5L = Avx512F.FusedMultiplyAdd(x, bL, c5L); c5R = Avx512F.FusedMultiplyAdd(x, bR, c5R);
                x = Vector512.Create(a[6 * TA.RowStride]); c6L = Avx512F.FusedMultiplyAdd(x, bL, c6L); c6R = Avx512F.FusedMultiplyAdd(x, bR, c6R);
                x = Vector512.Create(a[7 * TA.RowStride]); c7L = Avx512F.FusedMultiplyAdd(x, bL, c7L); c7R = Avx512F.FusedMultiplyAdd(x, bR, c7R);
                if (TRows.Count > 8)
                {
                    x = Vector512.Create(a[8 * TA.RowStride]); c8L = Avx512F.FusedMultiplyAdd(x, bL, c8L); c8R = Avx512F.FusedMultiplyAdd(x, bR, c8R);
                    x = Vector512.Create(a[9 * TA.RowStride]); c9L = Avx512F.FusedMultiplyAdd(x, bL, c9L); c9R = Avx512F.FusedMultiplyAdd(x, bR, c9R);
                    x = Vector512.Create(a[10 * TA.RowStride]); cAL = Avx512F.FusedMultiplyAdd(x, bL, cAL); cAR = Avx512F.FusedMultiplyAdd(x, bR, cAR);
                    x = Vector512.Create(a[11 * TA.RowStride]); cBL = Avx512F.FusedMultiplyAdd(x, bL, cBL); cBR = Avx512F.FusedMultiplyAdd(x, bR, cBR);
                }
            }
        }
        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        Store(c0L, c0R, c + 0 * ldc, va, vb, beta); Store(c1L, c1R, c + 1 * ldc, va, vb, beta);
        Store(c2L, c2R, c + 2 * ldc, va, vb, beta); Store(c3L, c3R, c + 3 * ldc, va, vb, beta);
        Store(c4L, c4R, c + 4 * ldc, va, vb, beta); Store(c5L, c5R, c + 5 * ldc, va, vb, beta);
        Store(c6L, c6R, c + 6 * ldc, va, vb, beta); Store(c7L, c7R, c + 7 * ldc, va, vb, beta);
        if (TRows.Count == 8)
            return;
        Store(c8L, c8R, c + 8 * ldc, va, vb, beta); Store(c9L, c9R, c + 9 * ldc, va, vb, beta);
        Store(cAL, cAR, c + 10 * ldc, va, vb, beta); Store(cBL, cBR, c + 11 * ldc, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(Vector512<float> left, Vector512<float> right, float* row, Vector512<float> alpha, Vector512<float> betaV, float beta)
    {
        if (beta == 0)
        {
            Vector512.Store(alpha * left, row);
            Vector512.Store(alpha * right, row + 16);
        }
        else
        {
            Vector512.Store(alpha * left + betaV * Vector512.Load(row), row);
            Vector512.Store(alpha * right + betaV * Vector512.Load(row + 16), row + 16);
        }
    }
}

/// <summary>
/// AVX2+FMA kernel, 6×16 tile: 12 accumulators + 2 B vectors + 1 broadcast = 15 of the 16 ymm registers.
/// <code>
///           B[p, 0..8)   B[p, 8..16)      ← two ymm loads per p
/// A[0, p]   c0L          c0R              ← one broadcast per row
///  …         …            …
/// A[5, p]   c5L          c5R              12 FMAs per p for 8 loads
/// </code>
/// </summary>
internal readonly unsafe struct Avx2Kernel : IGemmKernel
{
    public static int MR => 6;
    public static int NR => 16;
    public static int ARowStride => 1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int runs, int runLength, float* a, nint aStep, float* b, nint* runOffsets, nint bStep,
        float* c, nint ldc, float alpha, float beta, float* prefetchB)
    {
        Vector256<float> c0L = default, c0R = default, c1L = default, c1R = default, c2L = default, c2R = default;
        Vector256<float> c3L = default, c3R = default, c4L = default, c4R = default, c5L = default, c5R = default;
        CTile.Prefetch(c, ldc, 6, 16, runs * runLength);
        for (int r = 0; r < runs; r++)
        {
            float* bp = b + runOffsets[r];
            for (int q = 0; q < runLength; q++, a += aStep, bp += bStep)
            {
                if (prefetchB != null)
                {
                    Sse.Prefetch0(prefetchB);
                    prefetchB += 16;
                }
                var bL = Vector256.Load(bp);
                var bR = Vector256.Load(bp + 8);
                Vector256<float> x;
                x = Vector256.Create(a[0]); c0L = Fma.MultiplyAdd(x, bL, c0L); c0R = Fma.MultiplyAdd(x, bR, c0R);
                x = Vector256.Create(a[1]); c1L = Fma.MultiplyAdd(x, bL, c1L); c1R = Fma.MultiplyAdd(x, bR, c1R);
                x = Vector256.Create(a[2]); c2L = Fma.MultiplyAdd(x, bL, c2L); c2R = Fma.MultiplyAdd(x, bR, c2R);
                x = Vector256.Create(a[3]); c3L = Fma.MultiplyAdd(x, bL, c3L); c3R = Fma.MultiplyAdd(x, bR, c3R);
                x = Vector256.Create(a[4]); c4L = Fma.MultiplyAdd(x, bL, c4L); c4R = Fma.MultiplyAdd(x, bR, c4R);
                x = Vector256.Create(a[5]); c5L = Fma.MultiplyAdd(x, bL, c5L); c5R = Fma.MultiplyAdd(x, bR, c5R);
            }
        }
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        Store(c0L, c0R, c + 0 * ldc, va, vb, beta); Store(c1L, c1R, c + 1 * ldc, va, vb, beta);
        Store(c2L, c2R, c + 2 * ldc, va, vb, beta); Store(c3L, c3R, c + 3 * ldc, va, vb, beta);
        Store(c4L, c4R, c + 4 * ldc, va, vb, beta); Store(c5L, c5R, c + 5 * ldc, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(Vector256<float> left, Vector256<float> right, float* row, Vector256<float> alpha, Vector256<float> betaV, float beta)
    {
        if (beta == 0)
        {
            Vector256.Store(alpha * left, row);
            Vector256.Store(alpha * right, row + 8);
        }
        else
        {
            Vector256.Store(alpha * left + betaV * Vector256.Load(row), row);
            Vector256.Store(alpha * right + betaV * Vector256.Load(row + 8), row + 8);
        }
    }
}

/// <summary>Scalar fallback, 4×4 tile, with <see cref="MathF.FusedMultiplyAdd"/> so its bits match the vector kernels.</summary>
internal readonly unsafe struct ScalarKernel : IGemmKernel
{
    public static int MR => 4;
    public static int NR => 4;
    public static int ARowStride => 1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int runs, int runLength, float* a, nint aStep, float* b, nint* runOffsets, nint bStep,
        float* c, nint ldc, float alpha, float beta, float* prefetchB)
    {
        float* acc = stackalloc float[16];
        new Span<float>(acc, 16).Clear();
        for (int r = 0; r < runs; r++)
        {
            float* bp = b + runOffsets[r];
            for (int q = 0; q < runLength; q++, a += aStep, bp += bStep)
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 4; j++)
                        acc[i * 4 + j] = MathF.FusedMultiplyAdd(a[i], bp[j], acc[i * 4 + j]);
        }
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                c[i * ldc + j] = beta == 0 ? alpha * acc[i * 4 + j] : alpha * acc[i * 4 + j] + beta * c[i * ldc + j];
    }
}
