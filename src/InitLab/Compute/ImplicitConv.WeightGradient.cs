using System.Buffers;
using System.Numerics.Tensors;

namespace InitLab.Compute;

internal static unsafe partial class ImplicitConv
{
    /// <summary>dw = Σ dY·colᵀ and db = Σ dY over samples and pixels; either span may be empty to skip it.</summary>
    public static void WeightGradient(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, Span<float> db, int workers)
    {
        var grid = new PaddedGrid(g, 1);
        int perChunk = Math.Clamp(ChunkDepth / grid.Pixels, 1, g.Batch), chunks = (g.Batch + perChunk - 1) / perChunk;
        int partialW = dw.Length, partialB = db.Length, stride = partialW + partialB;
        var partials = ArrayPool<float>.Shared.Rent(chunks * stride);
        try
        {
            fixed (float* px = x, pdy = dy, pp = partials)
            {
                var (xs, dys, ps) = ((nint)px, (nint)pdy, (nint)pp);
                var kind = Gemm.Resolve(GemmKernelKind.Auto);
                Parallelism.For(chunks, workers, chunk =>
                {
                    int n0 = chunk * perChunk, samples = Math.Min(perChunk, g.Batch - n0);
                    float* partial = (float*)ps + (nint)chunk * stride;
                    if (partialB > 0)
                        BiasChunk(g, (float*)dys, n0, samples, partial + partialW);
                    if (partialW == 0)
                        return;
                    switch (kind)
                    {
                        case GemmKernelKind.Avx512: WeightChunk<Avx512Kernel>(g, (float*)xs, (float*)dys, n0, samples, partial); break;
                        case GemmKernelKind.Avx2: WeightChunk<Avx2Kernel>(g, (float*)xs, (float*)dys, n0, samples, partial); break;
                        default: WeightChunk<ScalarKernel>(g, (float*)xs, (float*)dys, n0, samples, partial); break;
                    }
                });
            }
            Conv2d.SumPartials(partials, chunks, stride, 0, dw);
            Conv2d.SumPartials(partials, chunks, stride, partialW, db);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partials);
        }
    }

    /// <summary>db[o] = Σ over the chunk's samples (in order) of the sum of dY's plane o.</summary>
    static void BiasChunk(Conv2dGeometry g, float* dy, int n0, int samples, float* db)
    {
        int pixels = g.OutHeight * g.OutWidth;
        for (int o = 0; o < g.OutChannels; o++)
        {
            float sum = 0;
            for (int s = n0; s < n0 + samples; s++)
                sum += TensorPrimitives.Sum(new ReadOnlySpan<float>(dy + ((nint)s * g.OutChannels + o) * pixels, pixels));
            db[o] = sum;
        }
    }

    /// <summary>
    /// One chunk's dw, group by group: G = Σ_s dY_s·col_sᵀ with the depth running over every sample's output grid,
    /// then G's columns are scattered to their (channel, tap) places.
    /// </summary>
    static void WeightChunk<TK>(Conv2dGeometry g, float* x, float* dy, int n0, int samples, float* dw)
        where TK : struct, IGemmKernel
    {
        int mr = TK.MR, nr = TK.NR, cg = g.InChannels / g.Groups, og = g.OutChannels / g.Groups;
        var grid = new PaddedGrid(g, nr);
        var rows = new PixelRows(grid, cg, nr);
        int mRows = (og + mr - 1) / mr * mr, depth = samples * grid.Pixels, ldg = rows.Panels * nr;
        float* source = ConvScratch.Rows(samples * rows.SampleStride + nr);
        float* packed = ConvScratch.Packed((nint)mRows * depth);
        float* product = ConvScratch.Result((nint)mRows * ldg);
        nint* runs = stackalloc nint[samples];
        for (int s = 0; s < samples; s++)
            runs[s] = s * rows.SampleStride;
        for (int group = 0; group < g.Groups; group++)
        {
            for (int s = 0; s < samples; s++)
                rows.Fill(x + ((nint)(n0 + s) * g.InChannels + group * cg) * g.Height * g.Width, source + runs[s]);
            new Span<float>(source + samples * rows.SampleStride, nr).Clear();
            PackOutputGradient(g, grid, dy, n0, samples, group, mr, packed);
            for (int ir = 0; ir < mRows; ir += mr)
                for (int panel = 0; panel < rows.Panels; panel++)
                    TK.Run(samples, grid.Pixels, packed + (nint)ir * depth, mr, source + rows.PanelOffset(panel), runs, rows.Length,
                        product + (nint)ir * ldg + panel * nr, ldg, 1f, 0f);
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
    /// Packs the group's dY for the chunk as MR-row panels over the depth (sample, grid pixel): each output row is
    /// transposed into place and its Wp − OW dropped pixels are zero, as are rows past C_out/groups.
    /// </summary>
    static void PackOutputGradient(Conv2dGeometry g, PaddedGrid grid, float* dy, int n0, int samples, int group, int mr, float* packed)
    {
        int og = g.OutChannels / g.Groups, plane = g.OutHeight * g.OutWidth, depth = samples * grid.Pixels, dropped = grid.Width - g.OutWidth;
        for (int ir = 0; ir < og; ir += mr)
            for (int s = 0; s < samples; s++)
                for (int y = 0; y < g.OutHeight; y++)
                {
                    float* source = dy + ((nint)(n0 + s) * g.OutChannels + group * og + ir) * plane + y * g.OutWidth;
                    float* destination = packed + (nint)ir * depth + ((nint)s * grid.Pixels + y * grid.Width) * mr;
                    GemmPacking.PackPanels(source, false, plane, Math.Min(mr, og - ir), g.OutWidth, mr, 0, 1, destination);
                    new Span<float>(destination + g.OutWidth * mr, dropped * mr).Clear();
                }
    }
}
