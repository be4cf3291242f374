using InitLab.Validation;

namespace InitLab.Compute;

/// <summary>2-D max and average pooling (PyTorch <c>MaxPool2d</c> / <c>AvgPool2d</c> semantics, NCHW), forward and backward.</summary>
/// <remarks>
/// Max pooling treats padding as −∞, propagates NaN, and on ties keeps the first maximum in row-major window order;
/// it records each output's argmax as a flat index h·W + w into its input plane (as PyTorch's <c>return_indices</c>).
/// Average pooling divides by kernel² including padded taps (PyTorch's default <c>count_include_pad=True</c>).
/// Planes are independent, so planes run in parallel and the bits do not depend on the thread count.
/// </remarks>
public static unsafe class Pool2d
{
    /// <summary>y = max over each window; <paramref name="indices"/> receives each maximum's flat position in its input plane.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A span's length does not match the geometry, or threads is negative.</exception>
    public static void MaxForward(Pool2dGeometry geometry, ReadOnlySpan<float> input, Span<float> output, Span<int> indices, int threads = 0)
    {
        var g = geometry;
        Parallelism.RequireLength(input.Length, g.InputLength, nameof(input));
        Parallelism.RequireLength(output.Length, g.OutputLength, nameof(output));
        Parallelism.RequireLength(indices.Length, g.OutputLength, nameof(indices));
        fixed (float* px = input, py = output)
        fixed (int* pi = indices)
        {
            var (x, y, idx) = ((nint)px, (nint)py, (nint)pi);
            if (MaxPool2x2.Applies(g))
            {
                PlaneChunks(g, threads, (first, last) => MaxPool2x2.Forward(g, (float*)x, (float*)y, (int*)idx, first, last));
                return;
            }
            Planes(g, threads, plane =>
            {
                float* xs = (float*)x + (nint)plane * g.Height * g.Width;
                int o = plane * g.OutHeight * g.OutWidth;
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++, o++)
                    {
                        float best = float.NegativeInfinity;
                        int at = -1;
                        foreach (int i in Window(g, oh, ow))
                            if (xs[i] > best || float.IsNaN(xs[i]) && !float.IsNaN(best) || at < 0)
                                (best, at) = (xs[i], i);
                        ((float*)y)[o] = best;
                        ((int*)idx)[o] = at;
                    }
            });
        }
    }

    /// <summary>dx = the output gradient routed to each window's argmax (summed where windows overlap); dx is overwritten.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A span's length does not match the geometry, an index is outside its plane, or threads is negative.</exception>
    public static void MaxBackward(Pool2dGeometry geometry, ReadOnlySpan<float> outputGrad, ReadOnlySpan<int> indices, Span<float> inputGrad, int threads = 0)
    {
        var g = geometry;
        Parallelism.RequireLength(outputGrad.Length, g.OutputLength, nameof(outputGrad));
        Parallelism.RequireLength(indices.Length, g.OutputLength, nameof(indices));
        Parallelism.RequireLength(inputGrad.Length, g.InputLength, nameof(inputGrad));
        int planeSize = g.Height * g.Width;
        foreach (int i in indices)
            if ((uint)i >= (uint)planeSize)
                throw Guard.OutOfRange(nameof(indices), i, $"every index must be in [0, {planeSize}), a position in its {g.Height}×{g.Width} plane");
        fixed (float* pdy = outputGrad, pdx = inputGrad)
        fixed (int* pi = indices)
        {
            var (dy, dx, idx) = ((nint)pdy, (nint)pdx, (nint)pi);
            if (MaxPool2x2.Applies(g))
            {
                PlaneChunks(g, threads, (first, last) => MaxPool2x2.Backward(g, (float*)dy, (int*)idx, (float*)dx, first, last));
                return;
            }
            Planes(g, threads, plane =>
            {
                var d = new Span<float>((float*)dx + (nint)plane * planeSize, planeSize);
                d.Clear();
                int o0 = plane * g.OutHeight * g.OutWidth;
                for (int o = o0; o < o0 + g.OutHeight * g.OutWidth; o++)
                    d[((int*)idx)[o]] += ((float*)dy)[o];
            });
        }
    }

    /// <summary>y = the mean of each window, padded taps counting as 0 in a divisor of kernel².</summary>
    /// <exception cref="ArgumentOutOfRangeException">A span's length does not match the geometry, or threads is negative.</exception>
    public static void AvgForward(Pool2dGeometry geometry, ReadOnlySpan<float> input, Span<float> output, int threads = 0)
    {
        var g = geometry;
        Parallelism.RequireLength(input.Length, g.InputLength, nameof(input));
        Parallelism.RequireLength(output.Length, g.OutputLength, nameof(output));
        float scale = 1f / (g.Kernel * g.Kernel);
        fixed (float* px = input, py = output)
        {
            var (x, y) = ((nint)px, (nint)py);
            Planes(g, threads, plane =>
            {
                float* xs = (float*)x + (nint)plane * g.Height * g.Width;
                int o = plane * g.OutHeight * g.OutWidth;
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++, o++)
                    {
                        float sum = 0;
                        foreach (int i in Window(g, oh, ow))
                            sum += xs[i];
                        ((float*)y)[o] = sum * scale;
                    }
            });
        }
    }

    /// <summary>dx = each output gradient spread evenly (÷ kernel²) over its window's in-bounds taps; dx is overwritten.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A span's length does not match the geometry, or threads is negative.</exception>
    public static void AvgBackward(Pool2dGeometry geometry, ReadOnlySpan<float> outputGrad, Span<float> inputGrad, int threads = 0)
    {
        var g = geometry;
        Parallelism.RequireLength(outputGrad.Length, g.OutputLength, nameof(outputGrad));
        Parallelism.RequireLength(inputGrad.Length, g.InputLength, nameof(inputGrad));
        float scale = 1f / (g.Kernel * g.Kernel);
        int planeSize = g.Height * g.Width;
        fixed (float* pdy = outputGrad, pdx = inputGrad)
        {
            var (dy, dx) = ((nint)pdy, (nint)pdx);
            Planes(g, threads, plane =>
            {
                var d = new Span<float>((float*)dx + (nint)plane * planeSize, planeSize);
                d.Clear();
                int o = plane * g.OutHeight * g.OutWidth;
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++, o++)
                    {
                        float share = ((float*)dy)[o] * scale;
                        foreach (int i in Window(g, oh, ow))
                            d[i] += share;
                    }
            });
        }
    }

    /// <summary>The flat in-plane positions of the in-bounds taps of window (oh, ow), in row-major order.</summary>
    static WindowEnumerable Window(Pool2dGeometry g, int oh, int ow)
    {
        int h0 = oh * g.Stride - g.Padding, w0 = ow * g.Stride - g.Padding;
        return new WindowEnumerable(Math.Max(h0, 0), Math.Min(h0 + g.Kernel, g.Height), Math.Max(w0, 0), Math.Min(w0 + g.Kernel, g.Width), g.Width);
    }

    readonly struct WindowEnumerable(int h0, int h1, int w0, int w1, int width)
    {
        public Enumerator GetEnumerator() => new(h0, h1, w0, w1, width);

        public struct Enumerator(int h0, int h1, int w0, int w1, int width)
        {
            int _h = h0, _w = w0 - 1;

            public readonly int Current => _h * width + _w;

            public bool MoveNext()
            {
                if (++_w < w1)
                    return _h < h1;
                _w = w0;
                return ++_h < h1 && w0 < w1;
            }
        }
    }

    static void Planes(Pool2dGeometry g, int threads, Action<int> body) =>
        Parallelism.For(g.Batch * g.Channels, Parallelism.Resolve(threads), body);

    /// <summary>Runs body(first, last) over one contiguous range of planes per worker (planes are independent, so the bits do not depend on the split).</summary>
    static void PlaneChunks(Pool2dGeometry g, int threads, Action<int, int> body)
    {
        int planes = g.Batch * g.Channels, workers = Math.Min(Parallelism.Resolve(threads), planes);
        Parallelism.For(workers, workers, w =>
        {
            var (first, last) = Parallelism.Split(planes, workers, w);
            body(first, last);
        });
    }
}
