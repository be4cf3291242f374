using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using InitLab.Validation;

namespace InitLab.Compute;

/// <summary>Which micro-kernel a GEMM call runs; <see cref="Auto"/> picks the widest the CPU supports.</summary>
internal enum GemmKernelKind { Auto, Avx512, Avx2, Scalar }

/// <summary>Single-precision general matrix multiply, C = α·op(A)·op(B) + β·C, on row-major spans.</summary>
/// <remarks>
/// The structure follows Goto &amp; van de Geijn, "Anatomy of High-Performance Matrix Multiplication" (ACM TOMS 2008)
/// and BLIS (Van Zee &amp; van de Geijn 2015): op(B) is packed a column block at a time, op(A) a row band at a time,
/// and a register-tiled micro-kernel (<see cref="IGemmKernel"/>) multiplies panels of the two (schedule: <see cref="GemmJob"/>).
/// On AVX-512 the tile has 8 or 12 rows, whichever pads m less.
///
/// Determinism: each element of C is owned by one thread and accumulated over k in a fixed order (KC blocks in
/// sequence, fused multiply-adds within a block); KC depends only on k. The result is therefore the same bits for
/// every thread count, and for the AVX-512, AVX2 and scalar kernels.
///
/// With β = 0, C is written without being read, so NaN or garbage in C is ignored (the BLAS convention).
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>Computes C = α·op(A)·op(B) + β·C, where op(A) is m×k, op(B) is k×n and C is m×n, all row-major.</summary>
    /// <param name="transA">Whether A is stored as m×k (<see cref="Transpose.No"/>) or k×m (<see cref="Transpose.Yes"/>).</param>
    /// <param name="transB">Whether B is stored as k×n (<see cref="Transpose.No"/>) or n×k (<see cref="Transpose.Yes"/>).</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A: at least its stored column count.</param>
    /// <param name="b">B, row-major with row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row stride of B: at least its stored column count.</param>
    /// <param name="beta">Scale of the old C; 0 means C is overwritten without being read.</param>
    /// <param name="c">C, row-major with row stride <paramref name="ldc"/>; must not overlap A or B.</param>
    /// <param name="ldc">Row stride of C: at least n.</param>
    /// <param name="threads">Worker threads (0 = every logical processor). The result does not depend on it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, stride or thread count is out of range, or a span is too short for its shape.</exception>
    public static void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads = 0) =>
        Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads, GemmKernelKind.Auto);

    /// <summary>C = op(A)·op(B) for dense operands (leading dimensions equal to the stored column counts).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or thread count is out of range, or a span is too short.</exception>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        Transpose transA = Transpose.No, Transpose transB = Transpose.No, int threads = 0) =>
        Sgemm(transA, transB, m, n, k, 1f, a, transA == Transpose.No ? k : m, b, transB == Transpose.No ? n : k, 0f, c, n, threads);

    internal static void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads, GemmKernelKind kind)
    {
        CheckTranspose(transA, nameof(transA));
        CheckTranspose(transB, nameof(transB));
        NonNegative(m, nameof(m));
        NonNegative(n, nameof(n));
        NonNegative(k, nameof(k));
        CheckOperand(a.Length, transA == Transpose.No ? m : k, transA == Transpose.No ? k : m, lda, nameof(a), nameof(lda));
        CheckOperand(b.Length, transB == Transpose.No ? k : n, transB == Transpose.No ? n : k, ldb, nameof(b), nameof(ldb));
        CheckOperand(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        int workers = Parallelism.Resolve(threads);
        if (m == 0 || n == 0)
            return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (k == 0 || alpha == 0)
            {
                ScaleC(pc, m, n, ldc, beta);
                return;
            }
            var job = new GemmJob(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, workers);
            switch (Resolve(kind))
            {
                // A row-major op(A) is packed into row panels (a copy), Aᵀ into interleaved ones (its natural layout).
                case GemmKernelKind.Avx512 when EightRows.Preferred(m) && transA == Transpose.No: job.Run<Avx512Kernel<EightRows, RowPanels>>(); break;
                case GemmKernelKind.Avx512 when EightRows.Preferred(m): job.Run<Avx512Kernel<EightRows, InterleavedPanels>>(); break;
                case GemmKernelKind.Avx512 when transA == Transpose.No: job.Run<Avx512Kernel<TwelveRows, RowPanels>>(); break;
                case GemmKernelKind.Avx512: job.Run<Avx512Kernel<TwelveRows, InterleavedPanels>>(); break;
                case GemmKernelKind.Avx2: job.Run<Avx2Kernel>(); break;
                default: job.Run<ScalarKernel>(); break;
            }
        }
    }

    internal static GemmKernelKind Resolve(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Auto when Vector512.IsHardwareAccelerated && Avx512F.IsSupported => GemmKernelKind.Avx512,
        GemmKernelKind.Auto when Fma.IsSupported && Avx2.IsSupported => GemmKernelKind.Avx2,
        GemmKernelKind.Auto => GemmKernelKind.Scalar,
        GemmKernelKind.Avx512 when !Avx512F.IsSupported => throw new PlatformNotSupportedException("This CPU has no AVX-512F."),
        GemmKernelKind.Avx2 when !(Fma.IsSupported && Avx2.IsSupported) => throw new PlatformNotSupportedException("This CPU has no AVX2+FMA."),
        _ => kind,
    };

    static void ScaleC(float* c, int m, int n, nint ldc, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + i * ldc, n);
            if (beta == 0)
                row.Clear();
            else if (beta != 1)
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    static void CheckTranspose(Transpose value, string name)
    {
        if (value is not (Transpose.No or Transpose.Yes))
            throw Guard.OutOfRange(name, value, "it must be Transpose.No or Transpose.Yes");
    }

    static void NonNegative(int value, string name)
    {
        if (value < 0)
            throw Guard.OutOfRange(name, value, "it must be ≥ 0");
    }

    static void CheckOperand(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < Math.Max(1, cols))
            throw Guard.OutOfRange(ldName, ld, $"it must be ≥ max(1, {cols}), the stored column count of {name}");
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw Guard.OutOfRange(name, $"length {length}", $"a {rows}×{cols} matrix with row stride {ld} needs ≥ {needed} elements");
    }
}
