using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace InitLab.Compute;

internal static unsafe partial class ImplicitConv
{
    /// <summary>dw = Σ dY·colᵀ and db = Σ dY over samples and pixels; either span may be empty to skip it.</summary>
    public static void WeightGradient(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, Span<float> db, int workers)
    {
        fixed (float* px = x, pdy = dy)
        {
            var (xs, dys) = ((nint)px, (nint)pdy);
            var kind = Gemm.Resolve(GemmKernelKind.Auto);
            Conv2d.SumOverChunks(g, ChunkDepth, dw, db, workers, (n0, samples, dwPartial, dbPartial) =>
            {
                // An empty partial pins to null, which WeightChunk reads as "skip".
                fixed (float* weights = dwPartial, bias = dbPartial)
                    switch (kind)
                    {
                        case GemmKernelKind.Avx512 when EightRows.Preferred(g.OutChannels / g.Groups):
                            WeightChunk<Avx512Kernel<EightRows, InterleavedPanels>>(g, (float*)xs, (float*)dys, n0, samples, weights, bias);
                            break;
                        case GemmKernelKind.Avx512: WeightChunk<Avx512Kernel<TwelveRows, InterleavedPanels>>(g, (float*)xs, (float*)dys, n0, samples, weights, bias); break;
                        case GemmKernelKind.Avx2: WeightChunk<Avx2Kernel>(g, (float*)xs, (float*)dys, n0, samples, weights, bias); break;
                        default: WeightChunk<ScalarKernel>(g, (float*)xs, (float*)dys, n0, samples, weights, bias); break;
                    }
            });
        }
    }

    /// <summary>
    /// One chunk's dw and db, group by group: G = Σ_s dY_s·col_sᵀ with the depth running over every kept output pixel of
    /// every sample (one kernel run per output row, so the dropped grid columns cost nothing), then G's columns are
    /// scattered to their (channel, tap) places; db[o] sums row o of the packed dY while it is still in cache.
    /// Either of dw and db may be null to skip it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void WeightChunk<TK>(Conv2dGeometry g, float* x, float* dy, int n0, int samples, float* dw, float* db)
        where TK : struct, IGemmKernel
    {
        int mr = TK.MR, nr = TK.NR, cg = g.InChannels / g.Groups, og = g.OutChannels / g.Groups, plane = g.OutHeight * g.OutWidth;
        var grid = new PaddedGrid(g, nr);
        var rows = new PixelRows(grid, cg, nr);
        int mRows = RoundUp(og, mr), depth = samples * plane, ldg = rows.Panels * nr, runCount = samples * g.OutHeight;
        float* source = ConvScratch.Rows(samples * rows.SampleStride + nr);
        float* packed = ConvScratch.Packed((nint)mRows * depth);
        float* product = ConvScratch.Result((nint)mRows * ldg);
        nint* runs = stackalloc nint[runCount];
        for (int run = 0; run < runCount; run++)
            runs[run] = run / g.OutHeight * rows.SampleStride + (nint)(run % g.OutHeight) * grid.Width * rows.Length;
        for (int group = 0; group < g.Groups; group++)
        {
            // dY of the group as MR-row panels over the depth (sample, output pixel); rows past C_out/groups are zero.
            for (int ir = 0; ir < og; ir += mr)
                for (int s = 0; s < samples; s++)
                    GemmPacking.PackPanels(dy + ((nint)(n0 + s) * g.OutChannels + group * og + ir) * plane, false, plane,
                        Math.Min(mr, og - ir), plane, mr, 0, 1, packed + (nint)ir * depth + (nint)s * plane * mr);
            if (db != null)
                SumPanelRows(packed, og, mr, depth, db + group * og);
            if (dw == null)
                continue;
            for (int s = 0; s < samples; s++)
                rows.Fill(x + ((nint)(n0 + s) * g.InChannels + group * cg) * g.Height * g.Width, source + s * rows.SampleStride);
            new Span<float>(source + samples * rows.SampleStride, nr).Clear();
            for (int ir = 0; ir < mRows; ir += mr)
                for (int panel = 0; panel < rows.Panels; panel++)
                    TK.Run(runCount, g.OutWidth, packed + (nint)ir * depth, mr, source + rows.PanelOffset(panel), runs, rows.Length,
                        product + (nint)ir * ldg + panel * nr, ldg, 1f, 0f, null);
            for (int column = 0; column < ldg; column++)
            {
                var (t, c) = rows.Target(column);
                if (c < 0)
                    continue;
                for (int o = 0; o < og; o++)
                    dw[(((nint)group * og + o) * cg + c) * grid.Taps + t] = product[(nint)o * ldg + column];
            }
        }
    }

    /// <summary>
    /// sums[r] = Σ_p panels[r/MR·depth·MR + p·MR + r % MR] for r &lt; rows, in a fixed order: each row is summed as four
    /// partial sums over p ≡ 0, 1, 2, 3 (mod 4) (the last depth mod 4 steps join the first), then added in that order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SumPanelRows(float* panels, int rows, int mr, int depth, float* sums)
    {
        for (int ir = 0; ir < rows; ir += mr)
        {
            float* panel = panels + (nint)ir * depth;
            int count = Math.Min(mr, rows - ir), r = 0;
            for (; r < count && r + 4 <= mr; r += 4)
            {
                var (a0, a1, a2, a3) = (Vector128<float>.Zero, Vector128<float>.Zero, Vector128<float>.Zero, Vector128<float>.Zero);
                float* v = panel + r;
                int p = 0;
                for (; p + 4 <= depth; p += 4, v += 4 * mr)
                {
                    a0 += Vector128.Load(v);
                    a1 += Vector128.Load(v + mr);
                    a2 += Vector128.Load(v + 2 * mr);
                    a3 += Vector128.Load(v + 3 * mr);
                }
                for (; p < depth; p++, v += mr)
                    a0 += Vector128.Load(v);
                var total = a0 + a1 + a2 + a3;
                for (int lane = 0; lane < Math.Min(4, count - r); lane++)
                    sums[ir + r + lane] = total[lane];
            }
            for (; r < count; r++)
            {
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                float* v = panel + r;
                int p = 0;
                for (; p + 4 <= depth; p += 4, v += 4 * mr)
                {
                    s0 += v[0];
                    s1 += v[mr];
                    s2 += v[2 * mr];
                    s3 += v[3 * mr];
                }
                for (; p < depth; p++, v += mr)
                    s0 += v[0];
                sums[ir + r] = s0 + s1 + s2 + s3;
            }
        }
    }
}
