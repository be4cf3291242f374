using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace InitLab.Compute;

/// <summary>One SGEMM call's operands and its block schedule (see <see cref="Gemm"/>).</summary>
/// <remarks>
/// For each NC-wide column block of C, one parallel loop runs
/// <list type="number">
/// <item>tasks that each own a band of rows of the block: for each K block in order, a task packs its rows of op(A)
/// into MR×KC panels and multiplies every A panel by every packed B panel into its C tile, and while it works on one
/// K block it prefetches the source rows of its next one;</item>
/// <item>then the pieces that pack the next block's op(B) (KC×NR panels, every K block) into the second of two
/// buffers, so a worker that finishes its bands early packs instead of waiting at the barrier.</item>
/// </list>
/// The first block's op(B) is packed by all workers before the loop. A task updates its C tile for every K block, so
/// the tile stays in cache between updates, and a column block costs one barrier. Row bands are cut evenly in MR-row
/// panels, a multiple of the worker count and at least two per worker, so a descheduled worker delays little. Only
/// when there are fewer row panels than workers are columns split too.
///
/// Small operands whose stored layout already has the panel axis contiguous (op(A) = Aᵀ: MR values per depth step;
/// op(B) = B: NR values per depth step) are read in place with their row stride as the step: copying them would cost
/// more than the strided reads save. Their edge panels, which need zero padding, are still packed.
/// </remarks>
internal sealed unsafe class GemmJob(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
    float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int workers)
{
    /// <summary>Largest K block: a 12×256 A panel (12 KB) stays in the 48 KB L1 next to the streamed B rows.</summary>
    const int KcMax = 256;

    /// <summary>Largest N block: a 256×512 packed B slice (512 KB) fits in half of a 1 MB L2, leaving room for A and C.</summary>
    const int NcMax = 512;

    /// <summary>Largest row band per task: its 96×512 C tile (192 KB) and 96×256 A block (96 KB) share the L2 with the B slice.</summary>
    const int McMax = 96;

    /// <summary>Operands of at most this many floats (1 MB, one core's L2) are read in place when their layout allows.</summary>
    const long InPlaceLimit = 1 << 18;

    /// <summary>Balanced K blocks: ⌈k/KcMax⌉ blocks of equal size (the last may be shorter). Depends only on k.</summary>
    public static int KBlock(int k) => (k + (k + KcMax - 1) / KcMax - 1) / ((k + KcMax - 1) / KcMax);

    public void Run<TK>() where TK : struct, IGemmKernel
    {
        int mr = TK.MR, nr = TK.NR;
        int kcBlock = KBlock(k);
        System.Diagnostics.Debug.Assert(TK.ARowStride == 1 || TK.ARowStride >= KcMax, "row panels must hold a whole K block");
        bool aInPlace = transA == Transpose.Yes && (long)k * lda <= InPlaceLimit;
        bool bInPlace = transB == Transpose.No && (long)k * ldb <= InPlaceLimit;
        int ncBlock = bInPlace ? RoundUp(n, nr) : Math.Min(NcMax, RoundUp(n, nr));
        int rowPanels = (m + mr - 1) / mr;
        // A multiple of the worker count, so every worker gets the same number of bands (11 bands on 2 workers
        // would leave one worker idle for a twelfth of the block).
        int bands = Math.Min(rowPanels, RoundUp(Math.Max((m + McMax - 1) / McMax, workers > 1 ? 2 * workers : 1), workers));
        // Two packed-B buffers: while the tasks of one column block read one, the last tasks pack the next block into the other.
        nint bufferLength = (nint)k * ncBlock;
        float* packedB = bInPlace ? null : PackBuffer.ForB(2 * bufferLength);
        if (!bInPlace)
        {
            int parts = PackParts(ncBlock, nr, kcBlock);
            var pb0 = (nint)packedB;
            Parallelism.For(parts, workers, part => PackB(0, Math.Min(ncBlock, n), nr, kcBlock, part, parts, (float*)pb0));
        }
        for (int block = 0, jc = 0; jc < n; block++, jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, n - jc);
            int panels = (nc + nr - 1) / nr;
            int jChunks = Math.Min(panels, (workers + bands - 1) / bands), tasks = bands * jChunks;
            int nextJc = jc + ncBlock, packParts = !bInPlace && nextJc < n ? PackParts(Math.Min(ncBlock, n - nextJc), nr, kcBlock) : 0;
            var current = bInPlace ? 0 : (nint)(packedB + (block & 1) * bufferLength);
            var following = bInPlace ? 0 : (nint)(packedB + (~block & 1) * bufferLength);
            Parallelism.For(tasks + packParts, workers, task =>
            {
                if (task >= tasks)
                {
                    PackB(nextJc, Math.Min(ncBlock, n - nextJc), nr, kcBlock, task - tasks, packParts, (float*)following);
                    return;
                }
                var (firstRow, lastRow) = Parallelism.Split(rowPanels, bands, task / jChunks);
                var (first, last) = Parallelism.Split(panels, jChunks, task % jChunks);
                int ic = firstRow * mr;
                Tile<TK>(ic, Math.Min(lastRow * mr, m) - ic, jc, nc, first, last, kcBlock, aInPlace, bInPlace, (float*)current);
            });
        }
    }

    /// <summary>How many pieces a column block's B packing is cut into: enough that they even out the end of a block.</summary>
    int PackParts(int nc, int nr, int kcBlock) => Math.Min((k + kcBlock - 1) / kcBlock * ((nc + nr - 1) / nr), 4 * workers);

    /// <summary>
    /// Packs piece <paramref name="part"/> of <paramref name="parts"/> of op(B)[0..k, jc..jc+nc]; K block pc starts at
    /// pc·(panels·NR) floats of <paramref name="packedB"/>. The pieces are runs of (K block, panel) units in order.
    /// </summary>
    void PackB(int jc, int nc, int nr, int kcBlock, int part, int parts, float* packedB)
    {
        int panels = (nc + nr - 1) / nr, units = (k + kcBlock - 1) / kcBlock * panels;
        var (first, last) = Parallelism.Split(units, parts, part);
        for (int unit = first; unit < last;)
        {
            int pc = unit / panels * kcBlock, panel = unit % panels, end = Math.Min(panels, panel + last - unit);
            GemmPacking.PackB(transB, b, ldb, pc, jc, Math.Min(kcBlock, k - pc), nc, nr, panel, end, packedB + (nint)pc * panels * nr);
            unit += end - panel;
        }
    }

    /// <summary>C[ic..ic+mc, columns of B panels first..last) of the block at jc, over every K block in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Tile<TK>(int ic, int mc, int jc, int nc, int first, int last, int kcBlock, bool aInPlace, bool bInPlace, float* packedB)
        where TK : struct, IGemmKernel
    {
        int mr = TK.MR, nr = TK.NR, panels = (nc + nr - 1) / nr, rowStride = TK.ARowStride;
        int lastRows = mc - (mc - 1) / mr * mr, lastCols = nc - (panels - 1) * nr;
        float* packedA = PackBuffer.ForA((nint)RoundUp(mc, mr) * (rowStride > 1 ? rowStride : kcBlock) + (nint)nr * kcBlock);
        float* edge = stackalloc float[mr * nr];
        nint zero = 0;
        for (int pc = 0; pc < k; pc += kcBlock)
        {
            int kc = Math.Min(kcBlock, k - pc);
            float betaBlock = pc == 0 ? beta : 1f;
            // Packed A floats per row of op(A): row panels keep rows rowStride apart whatever the K block's depth.
            int perRow = rowStride > 1 ? rowStride : kc;
            if (rowStride > 1)
                GemmPacking.PackRows(a, lda, ic, pc, mc, kc, RoundUp(mc, mr), rowStride, packedA);
            else if (!aInPlace)
                GemmPacking.PackA(transA, a, lda, ic, pc, mc, kc, mr, packedA);
            else if (lastRows < mr)
                GemmPacking.PackA(transA, a, lda, ic + mc - lastRows, pc, lastRows, kc, mr, packedA + (nint)(mc - lastRows) * kc);
            // A B panel read in place that is narrower than NR is packed (zero-padded) after the A panels.
            float* edgeB = packedA + (nint)RoundUp(mc, mr) * perRow;
            if (bInPlace && lastCols < nr && last == panels)
                GemmPacking.PackB(transB, b, ldb, pc, jc, kc, nc, nr, panels - 1, panels, edgeB - (nint)(panels - 1) * nr * kc);
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                bool aDirect = aInPlace && rows == mr;
                float* panelA = aDirect ? a + pc * lda + ic + ir : packedA + (nint)ir * perRow;
                nint aStep = aDirect ? lda : rowStride > 1 ? 1 : mr;
                for (int panel = first; panel < last; panel++)
                {
                    int jr = panel * nr, cols = Math.Min(nr, nc - jr);
                    bool bDirect = bInPlace && cols == nr;
                    float* panelB = bDirect ? b + pc * ldb + jc + jr : bInPlace ? edgeB : packedB + (nint)pc * panels * nr + (nint)panel * nr * kc;
                    nint bStep = bDirect ? ldb : nr;
                    float* tile = c + (ic + ir) * ldc + jc + jr;
                    // The first row panel meets each packed B panel of this K block first, coming from L3: it fetches the
                    // next panel (after the last, the first one of the next K block) while it multiplies this one.
                    float* prefetchB = bInPlace || ir > 0 ? null
                        : panel + 1 < last ? packedB + (nint)pc * panels * nr + (nint)(panel + 1) * nr * kc
                        : pc + kc < k ? packedB + (nint)(pc + kc) * panels * nr + (nint)first * nr * Math.Min(kcBlock, k - pc - kc)
                        : null;
                    if (rows == mr && cols == nr)
                        TK.Run(1, kc, panelA, aStep, panelB, &zero, bStep, tile, ldc, alpha, betaBlock, prefetchB);
                    else
                    {
                        TK.Run(1, kc, panelA, aStep, panelB, &zero, bStep, edge, nr, 1f, 0f, prefetchB);
                        StoreEdge(edge, nr, tile, ldc, rows, cols, betaBlock);
                    }
                }
                if (!aInPlace && pc + kc < k)
                    PrefetchA(ic, mc, pc + kc, Math.Min(kcBlock, k - pc - kc), ir / mr, (mc + mr - 1) / mr);
            }
        }
    }

    /// <summary>
    /// Pulls part <paramref name="part"/> of <paramref name="parts"/> of the source of op(A)[ic..ic+mc, pc..pc+kc] into
    /// L2, so the next K block's packing reads cache instead of waiting on memory one strided row at a time.
    /// </summary>
    void PrefetchA(int ic, int mc, int pc, int kc, int part, int parts)
    {
        if (!Sse.IsSupported)
            return;
        // The block is `rows` stored rows of `length` floats: rows of A (length kc) or, for Aᵀ, rows of depth (length mc).
        bool stored = transA == Transpose.No;
        int rows = stored ? mc : kc, length = stored ? kc : mc;
        float* origin = stored ? a + ic * lda + pc : a + pc * lda + ic;
        var (first, last) = Parallelism.Split(rows, parts, part);
        for (int i = first; i < last; i++)
        {
            float* row = origin + i * lda;
            for (int x = 0; x < length; x += 16)
                Sse.Prefetch1(row + x);
            Sse.Prefetch1(row + length - 1);
        }
    }

    /// <summary>Applies the kernels' update c = α·acc + β·c (c = α·acc when β = 0) to the valid part of an edge tile.</summary>
    void StoreEdge(float* acc, int nr, float* tile, nint ldc, int rows, int cols, float betaBlock)
    {
        for (int i = 0; i < rows; i++)
        {
            float* row = tile + i * ldc, sums = acc + i * nr;
            if (betaBlock == 0)
                for (int j = 0; j < cols; j++)
                    row[j] = alpha * sums[j];
            else
                for (int j = 0; j < cols; j++)
                    row[j] = alpha * sums[j] + betaBlock * row[j];
        }
    }

    static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
