using System.Numerics;
using System.Runtime.InteropServices;
using InitLab.Compute;

namespace InitLab.Init;

/// <summary>Blocked Householder QR of a tall column-major matrix, overwritten by Q·diag(sign(diag R)).</summary>
/// <remarks>
/// Factorization as LAPACK's geqrf: panels of <see cref="Block"/> columns are reduced by Householder reflectors
/// H = I − τ·v·vᵀ (v₀ = 1, β = −sign(α)·‖x‖, τ = (β − α)/β), and each panel's product H₁⋯H_b = I − V·T·Vᵀ
/// (compact WY, Schreiber &amp; Van Loan 1989) updates the trailing columns with level-3 kernels. Q is then
/// accumulated backwards as LAPACK's orgqr. Finally column j is multiplied by sign(R_jj): this makes the
/// factorization unique and Q Haar-distributed when the input is Gaussian (Mezzadri 2007,
/// "How to generate random matrices from the classical compact groups", https://arxiv.org/abs/math-ph/0609050).
/// The trailing updates run on the shared <see cref="Gemm"/> for float and on <see cref="QrKernels{T}"/> for double;
/// both compute every element by a fixed sequence of fused multiply-adds, so the result is bit-identical for any thread count.
/// </remarks>
internal static class HouseholderQr<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Panel width.</summary>
    const int Block = 32;

    /// <summary>Replaces the m×k column-major matrix <paramref name="a"/> (m ≥ k) by its Haar-fixed Q factor.</summary>
    public static void Orthonormalize(Span<T> a, int m, int k, int threads)
    {
        if (m < k) throw new ArgumentException($"rows = {m} must be ≥ cols = {k}.", nameof(m));
        var tau = new T[k];
        var sign = new T[k];
        var v = new T[(long)m * Block];
        var t = new T[Block * Block];
        var w = new T[(long)Block * k];
        for (int j0 = 0; j0 < k; j0 += Block)
        {
            int b = Math.Min(Block, k - j0);
            FactorPanel(a, m, j0, b, tau, sign);
            if (j0 + b < k)
            {
                int rows = m - j0;
                CopyReflectors(a, m, j0, b, v.AsSpan(0, rows * b));
                BuildT(v, rows, b, tau.AsSpan(j0, b), t, transpose: true);
                ApplyBlock(a.Slice(j0 + j0 * m), m, rows, v, b, t, j0 + b - j0, k - j0, w, threads);
            }
        }
        int last = (k - 1) / Block * Block;
        for (int j0 = last; j0 >= 0; j0 -= Block)
        {
            int b = Math.Min(Block, k - j0);
            if (j0 + b < k)
            {
                int rows = m - j0;
                CopyReflectors(a, m, j0, b, v.AsSpan(0, rows * b));
                BuildT(v, rows, b, tau.AsSpan(j0, b), t, transpose: false);
                ApplyBlock(a.Slice(j0 + j0 * m), m, rows, v, b, t, b, k - j0, w, threads);
            }
            FormPanelQ(a, m, j0, b, tau);
        }
        for (int j = 0; j < k; j++)
            if (sign[j] < T.Zero)
                QrKernels<T>.Scale(T.NegativeOne, a.Slice(j * m, m));
    }

    /// <summary>Unblocked QR of columns j0 … j0+b−1 (rows j0 … m−1): reflectors below the diagonal, β on it.</summary>
    static void FactorPanel(Span<T> a, int m, int j0, int b, T[] tau, T[] sign)
    {
        for (int j = j0; j < j0 + b; j++)
        {
            var x = a.Slice(j + j * m, m - j);
            T alpha = x[0];
            var tail = x[1..];
            T tailNorm2 = QrKernels<T>.Dot(tail, tail);
            if (tailNorm2 == T.Zero)
            {
                tau[j] = T.Zero;
                sign[j] = alpha < T.Zero ? T.NegativeOne : T.One;
                continue;
            }
            T beta = -T.CopySign(T.Sqrt(alpha * alpha + tailNorm2), alpha);
            tau[j] = (beta - alpha) / beta;
            QrKernels<T>.Scale(T.One / (alpha - beta), tail);
            x[0] = beta;
            sign[j] = beta < T.Zero ? T.NegativeOne : T.One;
            for (int c = j + 1; c < j0 + b; c++)
                ApplyReflector(x, tau[j], a.Slice(j + c * m, m - j));
        }
    }

    /// <summary>y ← (I − τ·v·vᵀ)·y, with v = (1, x[1..]).</summary>
    static void ApplyReflector(ReadOnlySpan<T> x, T tau, Span<T> y)
    {
        T s = tau * (y[0] + QrKernels<T>.Dot(x[1..], y[1..]));
        y[0] -= s;
        QrKernels<T>.Axpy(-s, x[1..], y[1..]);
    }

    /// <summary>Copies the panel's reflectors into a dense rows×b matrix V with the implicit zeros and unit diagonal.</summary>
    static void CopyReflectors(ReadOnlySpan<T> a, int m, int j0, int b, Span<T> v)
    {
        int rows = m - j0;
        for (int p = 0; p < b; p++)
        {
            var column = v.Slice(p * rows, rows);
            column[..p].Clear();
            column[p] = T.One;
            a.Slice(j0 + p + 1 + (j0 + p) * m, rows - p - 1).CopyTo(column[(p + 1)..]);
        }
    }

    /// <summary>T with H₁⋯H_b = I − V·T·Vᵀ (upper triangular, as LAPACK's larft), stored column-major; or Tᵀ.</summary>
    static void BuildT(ReadOnlySpan<T> v, int rows, int b, ReadOnlySpan<T> tau, Span<T> t, bool transpose)
    {
        t[..(b * b)].Clear();
        Span<T> column = stackalloc T[Block];
        for (int i = 0; i < b; i++)
        {
            // T[0:i, i] = −τᵢ·T[0:i, 0:i]·(V[:, 0:i]ᵀ·vᵢ); vᵢ is zero above row i.
            var vi = v.Slice(i * rows + i, rows - i);
            for (int p = 0; p < i; p++)
                column[p] = QrKernels<T>.Dot(v.Slice(p * rows + i, rows - i), vi);
            for (int p = 0; p < i; p++)
            {
                T sum = T.Zero;
                for (int q = p; q < i; q++)
                    sum += t[p + q * b] * column[q];
                t[p + i * b] = -tau[i] * sum;
            }
            t[i + i * b] = tau[i];
        }
        if (!transpose) return;
        for (int i = 0; i < b; i++)
            for (int p = 0; p < i; p++)
                (t[p + i * b], t[i + p * b]) = (t[i + p * b], t[p + i * b]);
    }

    /// <summary>C ← (I − V·M·Vᵀ)·C for columns [c0, c1) of the rows×· block at <paramref name="c"/>: W = Vᵀ·C, W ← M·W, C ← C − V·W.</summary>
    /// <remarks>
    /// float runs the two products on the shared <see cref="Gemm"/> (a column-major X is the row-major Xᵀ, so
    /// Wᵀ = Cᵀ·V and Cᵀ ← Cᵀ − Wᵀ·Vᵀ); double runs <see cref="QrKernels{T}"/>, splitting the columns across threads.
    /// Both give the same bits for every thread count.
    /// </remarks>
    static void ApplyBlock(Span<T> c, int ldc, int rows, T[] v, int b, T[] m, int c0, int c1, T[] w, int threads)
    {
        Span<T> scratch = stackalloc T[Block];
        int count = c1 - c0;
        // Below ~4M multiply-adds per product a second thread costs more than it saves.
        int workers = Math.Min(threads <= 0 ? Environment.ProcessorCount : threads, Math.Max(1, (int)((long)rows * count * b >> 22)));
        if (typeof(T) == typeof(float))
        {
            var cf = MemoryMarshal.Cast<T, float>(c)[(c0 * ldc)..];
            var vf = MemoryMarshal.Cast<T, float>(v.AsSpan(0, rows * b));
            var wf = MemoryMarshal.Cast<T, float>(w.AsSpan(0, count * b));
            Gemm.Sgemm(Transpose.No, Transpose.Yes, count, b, rows, 1f, cf, ldc, vf, rows, 0f, wf, b, workers);
            QrKernels<T>.MatrixTimes(m, b, w, 0, count, scratch);
            Gemm.Sgemm(Transpose.No, Transpose.No, count, rows, b, -1f, wf, b, vf, rows, 1f, cf, ldc, workers);
            return;
        }
        int chunk = ((count + workers - 1) / workers + 3) / 4 * 4;
        int chunks = (count + chunk - 1) / chunk;
        if (chunks <= 1)
        {
            ApplyColumns(c, ldc, rows, v, b, m, c0, c1, w, scratch);
            return;
        }
        unsafe
        {
            fixed (T* pc = c)
            {
                var pointer = (IntPtr)pc;
                int length = c.Length;
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, index =>
                    ApplyColumns(new Span<T>((T*)pointer, length), ldc, rows, v, b, m, c0 + index * chunk, Math.Min(c1, c0 + (index + 1) * chunk), w, stackalloc T[Block]));
            }
        }
    }

    static void ApplyColumns(Span<T> c, int ldc, int rows, T[] v, int b, T[] m, int from, int to, T[] w, Span<T> scratch)
    {
        var vs = v.AsSpan(0, rows * b);
        QrKernels<T>.TransposeTimes(vs, rows, b, c, ldc, w, from, to);
        QrKernels<T>.MatrixTimes(m, b, w, from, to, scratch);
        for (int i = from * b; i < to * b; i++) w[i] = -w[i];
        QrKernels<T>.AddTimes(vs, rows, b, c, ldc, w, from, to);
    }

    /// <summary>Columns j0 … j0+b−1 of Q from the panel's own reflectors (LAPACK's org2r); rows above j0 become 0.</summary>
    static void FormPanelQ(Span<T> a, int m, int j0, int b, T[] tau)
    {
        for (int j = j0 + b - 1; j >= j0; j--)
        {
            var x = a.Slice(j + j * m, m - j);
            if (j < j0 + b - 1)
            {
                x[0] = T.One;
                for (int c = j + 1; c < j0 + b; c++)
                    ApplyReflector(x, tau[j], a.Slice(j + c * m, m - j));
            }
            QrKernels<T>.Scale(-tau[j], x[1..]);
            x[0] = T.One - tau[j];
            a.Slice(j * m, j).Clear();
        }
    }
}
