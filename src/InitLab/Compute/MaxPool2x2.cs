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
        for (int plane = first; plane < last; plane++)
        {
            float* xs = x + (nint)plane * g.Height * width;
            int o = plane * outH * outW;
            for (int oh = 0; oh < outH; oh++)
            {
                float* top = xs + 2 * oh * width;
                float* bottom = top + width;
                int topAt = 2 * oh * width;
                for (int ow = 0; ow < outW; ow++, o++)
                {
                    // Window order: top-left, top-right, bottom-left, bottom-right; branch-free selects, since on real data
                    // each comparison is a coin toss.
                    float best = top[2 * ow];
                    int at = topAt + 2 * ow;
                    Take(top[2 * ow + 1], at + 1, ref best, ref at);
                    Take(bottom[2 * ow], topAt + 2 * ow + width, ref best, ref at);
                    Take(bottom[2 * ow + 1], topAt + 2 * ow + width + 1, ref best, ref at);
                    y[o] = best;
                    indices[o] = at;
                }
            }
        }
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

    /// <summary>Replaces (best, at) by (v, i) when v is larger, or NaN while best is not; with bit masks, as the JIT compiles the ternary form to branches.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    static void Take(float v, int i, ref float best, ref int at)
    {
        bool take = v > best | (float.IsNaN(v) & !float.IsNaN(best));
        int mask = -System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref take);
        best = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) & mask | BitConverter.SingleToInt32Bits(best) & ~mask);
        at = i & mask | at & ~mask;
    }
}
