namespace InitLab.Compute;

/// <summary>How a GEMM operand is read: as stored, or transposed (BLAS <c>'N'</c> / <c>'T'</c>).</summary>
public enum Transpose
{
    /// <summary>op(X) = X.</summary>
    No,

    /// <summary>op(X) = Xᵀ.</summary>
    Yes,
}
