using System.Numerics;

namespace InitLab.Init;

/// <summary>Sylvester's Hadamard matrices: H₁ = [1], H₂ₚ = [[Hₚ, Hₚ], [Hₚ, −Hₚ]], so Hₚ[i, j] = (−1)^popcount(i AND j) for p a power of 2.</summary>
/// <remarks>HₚᵀHₚ = p·I: the columns of Hₚ/√p are orthonormal. Sylvester 1867; used by ZerO (Zhao et al. 2022).</remarks>
public static class Hadamard
{
    /// <summary>Hₚ[i, j] = ±1, with p any power of 2 above both indices.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative.</exception>
    public static int Entry(int i, int j)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        return (BitOperations.PopCount((uint)(i & j)) & 1) == 0 ? 1 : -1;
    }

    /// <summary>p = 2^⌈log₂ m⌉, the smallest power of 2 that is ≥ <paramref name="m"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">m is not positive or p would exceed 2³⁰.</exception>
    public static int Order(int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(m, 1 << 30);
        return (int)BitOperations.RoundUpToPowerOf2((uint)m);
    }
}
