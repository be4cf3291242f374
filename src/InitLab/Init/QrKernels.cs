using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace InitLab.Init;

/// <summary>Vectorized level-1 and level-3 kernels for the blocked Householder QR, on column-major float or double data (float's level-3 updates use the shared GEMM instead).</summary>
/// <remarks>
/// Every output element is computed by the same sequence of fused multiply-adds whatever the tiling, the thread split
/// or the memory alignment (lanes always start at index 0 of the span), so results are bit-identical for any thread count.
/// </remarks>
internal static class QrKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static int Width => Vector256<T>.Count;

    /// <summary>Σ x[i]·y[i], lanes accumulated from index 0, then the lane sum, then the scalar tail.</summary>
    public static T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
    {
        ref T px = ref MemoryMarshal.GetReference(x);
        ref T py = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        var acc = Vector256<T>.Zero;
        for (; i <= n - Width; i += Width)
            acc = Fma(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i), acc);
        T sum = Vector256.Sum(acc);
        for (; i < n; i++)
            sum = T.FusedMultiplyAdd(Unsafe.Add(ref px, i), Unsafe.Add(ref py, i), sum);
        return sum;
    }

    /// <summary>y[i] += a·x[i] (fused).</summary>
    public static void Axpy(T a, ReadOnlySpan<T> x, Span<T> y)
    {
        ref T px = ref MemoryMarshal.GetReference(x);
        ref T py = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        var va = Vector256.Create(a);
        for (; i <= n - Width; i += Width)
            Fma(va, Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        for (; i < n; i++)
            Unsafe.Add(ref py, i) = T.FusedMultiplyAdd(a, Unsafe.Add(ref px, i), Unsafe.Add(ref py, i));
    }

    /// <summary>x[i] *= a.</summary>
    public static void Scale(T a, Span<T> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= a;
    }

    /// <summary>W[p + c·b] = Σ_r V[r + p·rows]·C[r + c·ldc] for p &lt; b and c in [c0, c1): W = Vᵀ·C.</summary>
    public static void TransposeTimes(ReadOnlySpan<T> v, int rows, int b, ReadOnlySpan<T> c, int ldc, Span<T> w, int c0, int c1)
    {
        int col = c0;
        for (; col + 4 <= c1; col += 4)
        {
            int p = 0;
            for (; p + 4 <= b; p += 4)
                DotTile4x4(v, rows, p, c, ldc, col, w, b);
            for (; p < b; p++)
                for (int q = col; q < col + 4; q++)
                    w[p + q * b] = Dot(v.Slice(p * rows, rows), c.Slice(q * ldc, rows));
        }
        for (; col < c1; col++)
            for (int p = 0; p < b; p++)
                w[p + col * b] = Dot(v.Slice(p * rows, rows), c.Slice(col * ldc, rows));
    }

    /// <summary>C[r + c·ldc] += Σ_p V[r + p·rows]·W[p + c·b] for every row and c in [c0, c1): C += V·W.</summary>
    public static void AddTimes(ReadOnlySpan<T> v, int rows, int b, Span<T> c, int ldc, ReadOnlySpan<T> w, int c0, int c1)
    {
        const int block = 128;
        for (int r0 = 0; r0 < rows; r0 += block)
        {
            int r1 = Math.Min(rows, r0 + block);
            int col = c0;
            for (; col + 4 <= c1; col += 4)
                UpdateTile(v, rows, b, c, ldc, w, col, 4, r0, r1);
            if (col < c1)
                UpdateTile(v, rows, b, c, ldc, w, col, c1 - col, r0, r1);
        }
    }

    /// <summary>W[·, c] = M·W[·, c] for c in [c0, c1), M a b×b column-major matrix (the block reflector's T or Tᵀ).</summary>
    public static void MatrixTimes(ReadOnlySpan<T> m, int b, Span<T> w, int c0, int c1, Span<T> scratch)
    {
        for (int col = c0; col < c1; col++)
        {
            var column = w.Slice(col * b, b);
            scratch[..b].Clear();
            for (int q = 0; q < b; q++)
                Axpy(column[q], m.Slice(q * b, b), scratch[..b]);
            scratch[..b].CopyTo(column);
        }
    }

    static void DotTile4x4(ReadOnlySpan<T> v, int rows, int p, ReadOnlySpan<T> c, int ldc, int col, Span<T> w, int b)
    {
        ref T v0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(v), p * rows);
        ref T v1 = ref Unsafe.Add(ref v0, rows);
        ref T v2 = ref Unsafe.Add(ref v1, rows);
        ref T v3 = ref Unsafe.Add(ref v2, rows);
        ref T c0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(c), col * ldc);
        ref T c1 = ref Unsafe.Add(ref c0, ldc);
        ref T c2 = ref Unsafe.Add(ref c1, ldc);
        ref T c3 = ref Unsafe.Add(ref c2, ldc);
        Vector256<T> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<T> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector256<T> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector256<T> a30 = default, a31 = default, a32 = default, a33 = default;
        int i = 0;
        for (; i <= rows - Width; i += Width)
        {
            nuint o = (nuint)i;
            var x0 = Vector256.LoadUnsafe(ref v0, o); var x1 = Vector256.LoadUnsafe(ref v1, o);
            var x2 = Vector256.LoadUnsafe(ref v2, o); var x3 = Vector256.LoadUnsafe(ref v3, o);
            var y = Vector256.LoadUnsafe(ref c0, o);
            a00 = Fma(x0, y, a00); a10 = Fma(x1, y, a10); a20 = Fma(x2, y, a20); a30 = Fma(x3, y, a30);
            y = Vector256.LoadUnsafe(ref c1, o);
            a01 = Fma(x0, y, a01); a11 = Fma(x1, y, a11); a21 = Fma(x2, y, a21); a31 = Fma(x3, y, a31);
            y = Vector256.LoadUnsafe(ref c2, o);
            a02 = Fma(x0, y, a02); a12 = Fma(x1, y, a12); a22 = Fma(x2, y, a22); a32 = Fma(x3, y, a32);
            y = Vector256.LoadUnsafe(ref c3, o);
            a03 = Fma(x0, y, a03); a13 = Fma(x1, y, a13); a23 = Fma(x2, y, a23); a33 = Fma(x3, y, a33);
        }
        Span<Vector256<T>> acc = [a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33];
        for (int pp = 0; pp < 4; pp++)
        {
            ref T vp = ref Unsafe.Add(ref v0, pp * rows);
            for (int q = 0; q < 4; q++)
            {
                ref T cq = ref Unsafe.Add(ref c0, q * ldc);
                T sum = Vector256.Sum(acc[pp * 4 + q]);
                for (int r = i; r < rows; r++)
                    sum = T.FusedMultiplyAdd(Unsafe.Add(ref vp, r), Unsafe.Add(ref cq, r), sum);
                w[p + pp + (col + q) * b] = sum;
            }
        }
    }

    /// <summary>C[r, col..col+count) += Σ_p V[r, p]·W[p, ·] for r in [r0, r1), four vectors of rows at a time.</summary>
    static void UpdateTile(ReadOnlySpan<T> v, int rows, int b, Span<T> c, int ldc, ReadOnlySpan<T> w, int col, int count, int r0, int r1)
    {
        ref T vr = ref MemoryMarshal.GetReference(v);
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T cr = ref MemoryMarshal.GetReference(c);
        int step = 4 * Width;
        int r = r0;
        if (count == 4)
        {
            for (; r + step <= r1; r += step)
            {
                ref T cc0 = ref Unsafe.Add(ref cr, r + col * ldc);
                ref T cc1 = ref Unsafe.Add(ref cc0, ldc);
                ref T cc2 = ref Unsafe.Add(ref cc1, ldc);
                ref T cc3 = ref Unsafe.Add(ref cc2, ldc);
                nuint w1 = (nuint)Width, w2 = (nuint)(2 * Width), w3 = (nuint)(3 * Width);
                var a00 = Vector256.LoadUnsafe(ref cc0); var a01 = Vector256.LoadUnsafe(ref cc0, w1); var a02 = Vector256.LoadUnsafe(ref cc0, w2); var a03 = Vector256.LoadUnsafe(ref cc0, w3);
                var a10 = Vector256.LoadUnsafe(ref cc1); var a11 = Vector256.LoadUnsafe(ref cc1, w1); var a12 = Vector256.LoadUnsafe(ref cc1, w2); var a13 = Vector256.LoadUnsafe(ref cc1, w3);
                var a20 = Vector256.LoadUnsafe(ref cc2); var a21 = Vector256.LoadUnsafe(ref cc2, w1); var a22 = Vector256.LoadUnsafe(ref cc2, w2); var a23 = Vector256.LoadUnsafe(ref cc2, w3);
                var a30 = Vector256.LoadUnsafe(ref cc3); var a31 = Vector256.LoadUnsafe(ref cc3, w1); var a32 = Vector256.LoadUnsafe(ref cc3, w2); var a33 = Vector256.LoadUnsafe(ref cc3, w3);
                ref T wc = ref Unsafe.Add(ref wr, col * b);
                for (int p = 0; p < b; p++)
                {
                    ref T vp = ref Unsafe.Add(ref vr, r + p * rows);
                    var x0 = Vector256.LoadUnsafe(ref vp); var x1 = Vector256.LoadUnsafe(ref vp, w1);
                    var x2 = Vector256.LoadUnsafe(ref vp, w2); var x3 = Vector256.LoadUnsafe(ref vp, w3);
                    var s = Vector256.Create(Unsafe.Add(ref wc, p));
                    a00 = Fma(x0, s, a00); a01 = Fma(x1, s, a01); a02 = Fma(x2, s, a02); a03 = Fma(x3, s, a03);
                    s = Vector256.Create(Unsafe.Add(ref wc, p + b));
                    a10 = Fma(x0, s, a10); a11 = Fma(x1, s, a11); a12 = Fma(x2, s, a12); a13 = Fma(x3, s, a13);
                    s = Vector256.Create(Unsafe.Add(ref wc, p + 2 * b));
                    a20 = Fma(x0, s, a20); a21 = Fma(x1, s, a21); a22 = Fma(x2, s, a22); a23 = Fma(x3, s, a23);
                    s = Vector256.Create(Unsafe.Add(ref wc, p + 3 * b));
                    a30 = Fma(x0, s, a30); a31 = Fma(x1, s, a31); a32 = Fma(x2, s, a32); a33 = Fma(x3, s, a33);
                }
                a00.StoreUnsafe(ref cc0); a01.StoreUnsafe(ref cc0, w1); a02.StoreUnsafe(ref cc0, w2); a03.StoreUnsafe(ref cc0, w3);
                a10.StoreUnsafe(ref cc1); a11.StoreUnsafe(ref cc1, w1); a12.StoreUnsafe(ref cc1, w2); a13.StoreUnsafe(ref cc1, w3);
                a20.StoreUnsafe(ref cc2); a21.StoreUnsafe(ref cc2, w1); a22.StoreUnsafe(ref cc2, w2); a23.StoreUnsafe(ref cc2, w3);
                a30.StoreUnsafe(ref cc3); a31.StoreUnsafe(ref cc3, w1); a32.StoreUnsafe(ref cc3, w2); a33.StoreUnsafe(ref cc3, w3);
            }
        }
        for (int q = col; q < col + count; q++)
        {
            ref T cq = ref Unsafe.Add(ref cr, q * ldc);
            ref T wq = ref Unsafe.Add(ref wr, q * b);
            int rr = r;
            for (; rr + Width <= r1; rr += Width)
            {
                var acc = Vector256.LoadUnsafe(ref cq, (nuint)rr);
                for (int p = 0; p < b; p++)
                    acc = Fma(Vector256.LoadUnsafe(ref vr, (nuint)(rr + p * rows)), Vector256.Create(Unsafe.Add(ref wq, p)), acc);
                acc.StoreUnsafe(ref cq, (nuint)rr);
            }
            for (; rr < r1; rr++)
            {
                T acc = Unsafe.Add(ref cq, rr);
                for (int p = 0; p < b; p++)
                    acc = T.FusedMultiplyAdd(Unsafe.Add(ref vr, rr + p * rows), Unsafe.Add(ref wq, p), acc);
                Unsafe.Add(ref cq, rr) = acc;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}
