using System.Buffers;
using System.Numerics.Tensors;

namespace InitLab.Compute;

/// <summary>2-D convolution (PyTorch <c>Conv2d</c> semantics: cross-correlation, NCHW) forward and backward.</summary>
/// <remarks>
/// Stride-1 convolutions (the usual 3×3 "same" layers) run as implicit GEMMs on zero-padded planes, with no unfolded
/// matrix (see <see cref="ImplicitConv"/>); the input gradient does so when padding ≤ dilation·(kernel − 1).
/// Other geometries use im2col + SGEMM: for each group g and each chunk of samples, with col the unfolded input
/// (see <see cref="Im2Col"/>) and W_g the group's weights as a [C_out/groups, patch] matrix:
/// <list type="bullet">
/// <item>forward: Y_g = W_g·col + b;</item>
/// <item>input gradient: dcol = W_gᵀ·dY_g, folded back into dX;</item>
/// <item>weight gradient: dW_g = Σ_chunks dY_g·colᵀ; bias gradient: db = Σ dY over samples and pixels.</item>
/// </list>
/// Chunks are processed in parallel, each by one thread with a single-threaded GEMM. The chunk size depends only on
/// the geometry and the per-chunk weight gradients are summed in chunk order, so the bits do not depend on the thread
/// count (on either path).
/// </remarks>
public static unsafe class Conv2d
{
    /// <summary>Pixel columns per chunk: wide enough for an efficient GEMM, small enough that col stays in L2 for small patches.</summary>
    const int ChunkColumns = 2048;

    /// <summary>Fewest floats per worker when summing chunk partials: below this a second thread costs more than it saves.</summary>
    const int MinSumSlice = 4096;

    /// <summary>y = conv(x, w) + b.</summary>
    /// <param name="geometry">The shapes.</param>
    /// <param name="input">x, [N, C_in, H, W].</param>
    /// <param name="weight">w, [C_out, C_in/groups, KH, KW].</param>
    /// <param name="bias">b, [C_out], or empty for no bias.</param>
    /// <param name="output">y, [N, C_out, OH, OW]; overwritten.</param>
    /// <param name="threads">Worker threads (0 = every logical processor); the bits do not depend on it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A span's length does not match the geometry, or threads is negative.</exception>
    public static void Forward(Conv2dGeometry geometry, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, int threads = 0)
    {
        var g = geometry;
        Parallelism.RequireLength(input.Length, g.InputLength, nameof(input));
        Parallelism.RequireLength(weight.Length, g.WeightLength, nameof(weight));
        Parallelism.RequireLength(bias.Length, bias.IsEmpty ? 0 : g.OutChannels, nameof(bias));
        Parallelism.RequireLength(output.Length, g.OutputLength, nameof(output));
        int workers = Parallelism.Resolve(threads);
        if (ImplicitConv.Supports(g))
        {
            ImplicitConv.Forward(g, input, weight, bias, output, workers);
            return;
        }
        var (perChunk, chunks) = Chunking(g, ChunkColumns);
        fixed (float* px = input, pw = weight, pb = bias, py = output)
        {
            var (x, w, b, y) = (new Pinned(px, input.Length), new Pinned(pw, weight.Length), new Pinned(pb, bias.Length), new Pinned(py, output.Length));
            Parallelism.For(chunks, workers, chunk => ForwardChunk(g, x.Span, w.Span, b.Span, y.Span, chunk * perChunk, Math.Min(perChunk, g.Batch - chunk * perChunk)));
        }
    }

    static void ForwardChunk(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, int n0, int samples)
    {
        int pixels = g.OutHeight * g.OutWidth, columns = samples * pixels, patch = g.PatchLength, cout = g.OutChannels / g.Groups;
        var col = ConvScratch.Col(patch * columns);
        var product = ConvScratch.Product(cout * columns);
        for (int group = 0; group < g.Groups; group++)
        {
            Im2Col.Unfold(g, x, n0, samples, group, col, columns);
            Gemm.Sgemm(Transpose.No, Transpose.No, cout, columns, patch, 1f, w[(group * cout * patch)..], patch, col, columns, 0f, product, columns, 1);
            for (int s = 0; s < samples; s++)
                for (int o = 0; o < cout; o++)
                {
                    var source = product.Slice(o * columns + s * pixels, pixels);
                    var dest = y.Slice(((n0 + s) * g.OutChannels + group * cout + o) * pixels, pixels);
                    if (b.Length == 0)
                        source.CopyTo(dest);
                    else
                        TensorPrimitives.Add(source, b[group * cout + o], dest);
                }
        }
    }

    /// <summary>Given dL/dy, computes dL/dx, dL/dw and dL/db; each output span may be empty to skip that gradient.</summary>
    /// <param name="geometry">The shapes.</param>
    /// <param name="input">x, [N, C_in, H, W] (needed for the weight gradient).</param>
    /// <param name="weight">w, [C_out, C_in/groups, KH, KW] (needed for the input gradient).</param>
    /// <param name="outputGrad">dL/dy, [N, C_out, OH, OW].</param>
    /// <param name="inputGrad">dL/dx, [N, C_in, H, W], overwritten; or empty.</param>
    /// <param name="weightGrad">dL/dw, [C_out, C_in/groups, KH, KW], overwritten; or empty.</param>
    /// <param name="biasGrad">dL/db, [C_out], overwritten; or empty.</param>
    /// <param name="threads">Worker threads (0 = every logical processor); the bits do not depend on it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A span's length does not match the geometry, or threads is negative.</exception>
    public static void Backward(Conv2dGeometry geometry, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, Span<float> weightGrad, Span<float> biasGrad, int threads = 0)
    {
        var g = geometry;
        Parallelism.RequireLength(input.Length, g.InputLength, nameof(input));
        Parallelism.RequireLength(weight.Length, g.WeightLength, nameof(weight));
        Parallelism.RequireLength(outputGrad.Length, g.OutputLength, nameof(outputGrad));
        Parallelism.RequireLength(inputGrad.Length, inputGrad.IsEmpty ? 0 : g.InputLength, nameof(inputGrad));
        Parallelism.RequireLength(weightGrad.Length, weightGrad.IsEmpty ? 0 : g.WeightLength, nameof(weightGrad));
        Parallelism.RequireLength(biasGrad.Length, biasGrad.IsEmpty ? 0 : g.OutChannels, nameof(biasGrad));
        int workers = Parallelism.Resolve(threads);
        if (ImplicitConv.SupportsInputGradient(g) && !inputGrad.IsEmpty)
        {
            ImplicitConv.InputGradient(g, weight, outputGrad, inputGrad, workers);
            inputGrad = [];
        }
        if (ImplicitConv.Supports(g) && !(weightGrad.IsEmpty && biasGrad.IsEmpty))
        {
            ImplicitConv.WeightGradient(g, input, outputGrad, weightGrad, biasGrad, workers);
            weightGrad = [];
            biasGrad = [];
        }
        if (inputGrad.IsEmpty && weightGrad.IsEmpty && biasGrad.IsEmpty)
            return;
        fixed (float* px = input, pw = weight, pdy = outputGrad, pdx = inputGrad)
        {
            var (x, w, dy, dx) = (new Pinned(px, input.Length), new Pinned(pw, weight.Length), new Pinned(pdy, outputGrad.Length), new Pinned(pdx, inputGrad.Length));
            SumOverChunks(g, ChunkColumns, weightGrad, biasGrad, workers,
                (n0, samples, dw, db) => BackwardChunk(g, x.Span, w.Span, dy.Span, dx.Span, dw, db, n0, samples));
        }
    }

    static void BackwardChunk(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> dy, Span<float> dx,
        Span<float> dw, Span<float> db, int n0, int samples)
    {
        int pixels = g.OutHeight * g.OutWidth, columns = samples * pixels, patch = g.PatchLength, cout = g.OutChannels / g.Groups;
        var col = ConvScratch.Col(patch * columns);
        var grad = ConvScratch.Product(cout * columns);
        if (!dx.IsEmpty)
            dx.Slice(n0 * g.InChannels * g.Height * g.Width, samples * g.InChannels * g.Height * g.Width).Clear();
        for (int group = 0; group < g.Groups; group++)
        {
            // dY_g for this chunk as a [cout, samples·pixels] matrix.
            for (int o = 0; o < cout; o++)
                for (int s = 0; s < samples; s++)
                    dy.Slice(((n0 + s) * g.OutChannels + group * cout + o) * pixels, pixels).CopyTo(grad.Slice(o * columns + s * pixels, pixels));
            if (!db.IsEmpty)
                for (int o = 0; o < cout; o++)
                    db[group * cout + o] = TensorPrimitives.Sum(grad.Slice(o * columns, columns));
            if (!dw.IsEmpty)
            {
                Im2Col.Unfold(g, x, n0, samples, group, col, columns);
                Gemm.Sgemm(Transpose.No, Transpose.Yes, cout, patch, columns, 1f, grad, columns, col, columns, 0f, dw[(group * cout * patch)..], patch, 1);
            }
            if (!dx.IsEmpty)
            {
                Gemm.Sgemm(Transpose.Yes, Transpose.No, patch, columns, cout, 1f, w[(group * cout * patch)..], patch, grad, columns, 0f, col, columns, 1);
                Im2Col.FoldAdd(g, dx, n0, samples, group, col, columns);
            }
        }
    }

    /// <summary>One chunk's work: samples [n0, n0 + samples), writing its share of dw and db (either may be empty) into its own partials.</summary>
    internal delegate void ChunkGradient(int n0, int samples, Span<float> weightGrad, Span<float> biasGrad);

    /// <summary>
    /// Runs <paramref name="chunk"/> on every chunk of samples in parallel, each on its own partial dw and db, then sums
    /// the partials into <paramref name="weightGrad"/> and <paramref name="biasGrad"/> (overwritten; either may be empty)
    /// in chunk order. The chunks depend only on the geometry, so the bits do not depend on the worker count.
    /// </summary>
    internal static void SumOverChunks(Conv2dGeometry g, int pixelsPerChunk, Span<float> weightGrad, Span<float> biasGrad, int workers, ChunkGradient chunk)
    {
        var (perChunk, chunks) = Chunking(g, pixelsPerChunk);
        int partialW = weightGrad.Length, partialB = biasGrad.Length, stride = partialW + partialB;
        var partials = ArrayPool<float>.Shared.Rent(Math.Max(1, chunks * stride));
        try
        {
            Parallelism.For(chunks, workers, c =>
            {
                int n0 = c * perChunk;
                chunk(n0, Math.Min(perChunk, g.Batch - n0), partials.AsSpan(c * stride, partialW), partials.AsSpan(c * stride + partialW, partialB));
            });
            SumPartials(partials, chunks, stride, 0, weightGrad, workers);
            SumPartials(partials, chunks, stride, partialW, biasGrad, workers);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partials);
        }
    }

    /// <summary>
    /// destination = Σ_c partials[c·stride + offset ..], summed in chunk order. Workers take slices of the elements, so
    /// every element is still summed in chunk order by one thread: the bits do not depend on the worker count.
    /// </summary>
    static void SumPartials(float[] partials, int chunks, int stride, int offset, Span<float> destination, int workers)
    {
        if (destination.IsEmpty)
            return;
        int length = destination.Length, parts = Math.Clamp(length / MinSumSlice, 1, workers);
        fixed (float* pd = destination)
        {
            var d = (nint)pd;
            Parallelism.For(parts, workers, part =>
            {
                var (first, last) = Parallelism.Split(length, parts, part);
                int count = last - first;
                var slice = new Span<float>((float*)d + first, count);
                partials.AsSpan(offset + first, count).CopyTo(slice);
                for (int c = 1; c < chunks; c++)
                    TensorPrimitives.Add(slice, partials.AsSpan(c * stride + offset + first, count), slice);
            });
        }
    }

    /// <summary>
    /// Samples per chunk (as many as fit in <paramref name="pixels"/> output pixels, at least one) and chunk count: a
    /// function of the geometry only, which keeps the bits thread-independent.
    /// </summary>
    static (int PerChunk, int Chunks) Chunking(Conv2dGeometry g, int pixels)
    {
        int perChunk = Math.Clamp(pixels / (g.OutHeight * g.OutWidth), 1, g.Batch);
        return (perChunk, (g.Batch + perChunk - 1) / perChunk);
    }

    /// <summary>A pinned span's address, so parallel workers can rebuild the span (lambdas cannot capture spans).</summary>
    readonly struct Pinned(float* pointer, int length)
    {
        public Span<float> Span => new(pointer, length);
    }
}
