using InitLab.Compute;

namespace InitLab.Tensors;

public sealed partial class Tensor
{
    /// <summary>op(a)·op(b) for rank-2 tensors, by <see cref="Gemm.Multiply"/>; writes into <paramref name="destination"/> or a new tensor.</summary>
    /// <param name="a">A [m, k] matrix, or [k, m] when <paramref name="transposeA"/>.</param>
    /// <param name="b">A [k, n] matrix, or [n, k] when <paramref name="transposeB"/>.</param>
    /// <param name="transposeA">Multiply by aᵀ.</param>
    /// <param name="transposeB">Multiply by bᵀ.</param>
    /// <param name="destination">The [m, n] result; overwritten (it must not share storage with a or b).</param>
    /// <param name="threads">GEMM threads (0 = every logical processor); the bits do not depend on it.</param>
    /// <exception cref="ArgumentException">An operand is not rank 2, the inner dimensions differ, or the destination shape is wrong.</exception>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false, Tensor? destination = null, int threads = 0)
    {
        if (a.Rank != 2 || b.Rank != 2)
            throw new ArgumentException($"MatMul needs rank-2 operands; got {a} and {b}.");
        int m = transposeA ? a._shape[1] : a._shape[0], k = transposeA ? a._shape[0] : a._shape[1];
        int kb = transposeB ? b._shape[1] : b._shape[0], n = transposeB ? b._shape[0] : b._shape[1];
        if (k != kb)
            throw new ArgumentException($"MatMul inner dimensions differ: op(a) is {m}×{k}, op(b) is {kb}×{n}.");
        destination ??= new Tensor(m, n);
        if (destination.Rank != 2 || destination._shape[0] != m || destination._shape[1] != n)
            throw new ArgumentException($"destination is {destination}; it must be [{m}, {n}].", nameof(destination));
        Gemm.Multiply(a.Span, b.Span, destination.Span, m, n, k,
            transposeA ? Transpose.Yes : Transpose.No, transposeB ? Transpose.Yes : Transpose.No, threads);
        return destination;
    }
}
