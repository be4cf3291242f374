using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InitLab.Compute;

/// <summary>
/// The 2×2, stride-2, unpadded max pooling of CNNs (<c>p</c> in a model spec), specialized: the generic window walk of
/// <see cref="Pool2d"/> costs more than the convolutions around it. Same results bit for bit: the window is read in
/// row-major order, the first maximum wins ties, and the first NaN wins over numbers.
/// </summary>
internal static unsafe class MaxPool2x2
{
    /// <summary>Whether the geometry is the one this kernel handles.</summary>
    public static bool Applies(Pool2dGeometry g) => g.Kernel == 2 && g.Stride == 2 && g.Padding == 0;

    /// <summary>y = the maximum of each 2×2 window and its flat position in the plane, for planes [first, last).</summary>
    public static void Forward(Pool2dGeometry g, float* x, float* y, int* indices, int first, int last)
    {
        int width = g.Width, outH = g.OutHeight, outW = g.OutWidth;
        bool vector = Sse.IsSupported && outW >= Lanes;
        for (int plane = first; plane < last; plane++)
        {
            float* xs = x + (nint)plane * g.Height * width;
            int o = plane * outH * outW;
            for (int oh = 0; oh < outH; oh++, o += outW)
            {
                int top = 2 * oh * width;
                if (!vector)
                {
                    for (int ow = 0; ow < outW; ow++)
                        ScalarWindow(xs, top, width, ow, y + o + ow, indices + o + ow);
                    continue;
                }
                // Blocks of 4 outputs; the last block starts at outW − 4 and may recompute outputs of the one before,
                // which writes the same values again.
                for (int ow = 0; ; ow += Lanes)
                {
                    int at = Math.Min(ow, outW - Lanes);
                    VectorWindows(xs, top, width, at, y + o + at, indices + o + at);
                    if (at == outW - Lanes)
                        break;
                }
            }
        }
    }

    const int Lanes = 4;

    static void ScalarWindow(float* xs, int top, int width, int ow, float* y, int* index)
    {
        int i = top + 2 * ow;
        float best = xs[i];
        int at = i;
        Take(xs[i + 1], i + 1, ref best, ref at);
        Take(xs[i + width], i + width, ref best, ref at);
        Take(xs[i + width + 1], i + width + 1, ref best, ref at);
        *y = best;
        *index = at;
    }

    /// <summary>Four windows at once: de-interleave the even and odd columns of both rows, then the same four takes as <see cref="ScalarWindow"/>.</summary>
    static void VectorWindows(float* xs, int top, int width, int ow, float* y, int* indices)
    {
        int i = top + 2 * ow;
        var (topLeft, topRight) = Deinterleave(xs + i);
        var (bottomLeft, bottomRight) = Deinterleave(xs + i + width);
        var index = Vector128.Create(i) + Vector128.Create(0, 2, 4, 6);
        var best = topLeft;
        var at = index;
        Take(topRight, index + Vector128.Create(1), ref best, ref at);
        Take(bottomLeft, index + Vector128.Create(width), ref best, ref at);
        Take(bottomRight, index + Vector128.Create(width + 1), ref best, ref at);
        best.Store(y);
        at.Store(indices);
    }

    /// <summary>(x[0], x[2], x[4], x[6]) and (x[1], x[3], x[5], x[7]).</summary>
    static (Vector128<float> Even, Vector128<float> Odd) Deinterleave(float* x)
    {
        var (low, high) = (Sse.LoadVector128(x), Sse.LoadVector128(x + 4));
        return (Sse.Shuffle(low, high, 0b10_00_10_00), Sse.Shuffle(low, high, 0b11_01_11_01));
    }

    /// <summary>Where v is larger than best, or NaN while best is not: take (v, i).</summary>
    static void Take(Vector128<float> v, Vector128<int> i, ref Vector128<float> best, ref Vector128<int> at)
    {
        var take = Vector128.GreaterThan(v, best) | (~Vector128.Equals(v, v) & Vector128.Equals(best, best));
        best = Vector128.ConditionalSelect(take, v, best);
        at = Vector128.ConditionalSelect(take.AsInt32(), i, at);
    }

    /// <summary>The one-lane form of the vector take, kept in vector registers so that it compiles without branches.</summary>
    static void Take(float v, int i, ref float best, ref int at)
    {
        var (vb, ib) = (Vector128.CreateScalarUnsafe(best), Vector128.CreateScalarUnsafe(at));
        Take(Vector128.CreateScalarUnsafe(v), Vector128.CreateScalarUnsafe(i), ref vb, ref ib);
        (best, at) = (vb.ToScalar(), ib.ToScalar());
    }

    /// <summary>dx = dy at each window's recorded maximum and 0 elsewhere, for planes [first, last); windows do not overlap.</summary>
    public static void Backward(Pool2dGeometry g, float* dy, int* indices, float* dx, int first, int last)
    {
        int planeSize = g.Height * g.Width, outPlane = g.OutHeight * g.OutWidth;
        for (int plane = first; plane < last; plane++)
        {
            var d = new Span<float>(dx + (nint)plane * planeSize, planeSize);
            d.Clear();
            int o0 = plane * outPlane;
            for (int o = o0; o < o0 + outPlane; o++)
                d[indices[o]] = dy[o];
        }
    }
}
