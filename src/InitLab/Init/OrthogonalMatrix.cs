using System.Numerics;
using InitLab.Random;

namespace InitLab.Init;

/// <summary>Haar-distributed matrices with orthonormal rows (rows ≤ cols) or orthonormal columns (rows ≥ cols).</summary>
/// <remarks>
/// With m = max(rows, cols) and k = min(rows, cols): stream value j·m + i is entry (i, j) of an m×k standard Gaussian
/// matrix G (float32 stream for float, Half and bfloat16 outputs, float64 for double). G = Q·R by Householder QR,
/// Q ← Q·diag(sign(diag R)), then W = gain·Q (rows &gt; cols) or W = gain·Qᵀ (rows ≤ cols), as PyTorch's
/// <c>orthogonal_</c> (which transposes in the same way for rows &lt; cols; for square matrices Qᵀ is Haar like Q,
/// and it is what the column-major Q already holds row by row).
/// </remarks>
internal static class OrthogonalMatrix
{
    /// <summary>Fills the row-major rows×cols <paramref name="destination"/>.</summary>
    public static void Fill<T>(Span<T> destination, int rows, int cols, RandomStream stream, double gain, int threads) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            Fill<double, T>(destination, rows, cols, stream, gain, threads);
        else
            Fill<float, T>(destination, rows, cols, stream, gain, threads);
    }

    static void Fill<TWork, T>(Span<T> destination, int rows, int cols, RandomStream stream, double gain, int threads)
        where TWork : unmanaged, IFloatingPointIeee754<TWork> where T : unmanaged
    {
        int m = Math.Max(rows, cols), k = Math.Min(rows, cols);
        var q = GC.AllocateUninitializedArray<TWork>(checked(m * k));
        Random.Fill.Normal<TWork>(q, stream, 0, 1, 0, threads);
        HouseholderQr<TWork>.Orthonormalize(q, m, k, threads);
        if (rows <= cols)
        {
            // W = Qᵀ: row j of W is column j of the column-major Q.
            Elements.Scaled<TWork, T>(q, destination, gain);
            return;
        }
        const int tile = 32;
        for (int i0 = 0; i0 < m; i0 += tile)
            for (int j0 = 0; j0 < k; j0 += tile)
                for (int i = i0; i < Math.Min(m, i0 + tile); i++)
                    for (int j = j0; j < Math.Min(k, j0 + tile); j++)
                        destination[i * k + j] = Elements.From<T>(gain * double.CreateTruncating(q[i + j * m]));
    }
}
