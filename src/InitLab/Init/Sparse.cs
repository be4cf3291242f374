using InitLab.Random;
using InitLab.Validation;

namespace InitLab.Init;

/// <summary>Sparse init: N(0, std²), then exactly ⌈sparsity·rows⌉ entries of every column set to 0.</summary>
/// <remarks>
/// 2-D only, [rows, cols] as stored (PyTorch's <c>sparse_(tensor, sparsity, std=0.01)</c>). The normals are stream values
/// 0 … rows·cols−1 of the parameter's stream; the zeroed rows of column j are a uniformly random subset drawn by a
/// partial Fisher–Yates shuffle from the sub-stream <c>name#sparse-mask</c> (uniforms j·z … j·z+z−1, z = ⌈sparsity·rows⌉).
/// Exact moments: mean 0, std = std·√((rows−z)/rows).
/// Martens 2010, "Deep learning via Hessian-free optimization", https://www.cs.toronto.edu/~jmartens/docs/Deep_HessianFree.pdf.
/// Example: <c>new Sparse(0.9).Initialize&lt;float&gt;(w, [256, 784], ctx)</c>.
/// </remarks>
public sealed record Sparse : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="sparsity">The fraction of each column set to 0, in [0, 1).</param>
    /// <param name="std">The std of the nonzero entries; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">sparsity is outside [0, 1), or std is not finite and positive.</exception>
    public Sparse(double sparsity, double std = 0.01)
    {
        if (!(sparsity >= 0 && sparsity < 1)) throw Guard.OutOfRange(nameof(sparsity), sparsity, "it must be in [0, 1)");
        Guard.Positive(std, nameof(std));
        Sparsity = sparsity;
        Std = std;
    }

    /// <summary>The fraction of each column set to 0.</summary>
    public double Sparsity { get; }

    /// <summary>The std of the nonzero entries.</summary>
    public double Std { get; }

    /// <summary>The number of zeros in each column of a matrix with <paramref name="rows"/> rows: ⌈sparsity·rows⌉.</summary>
    public int ZerosPerColumn(int rows) => (int)Math.Ceiling(Sparsity * rows);

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context)
    {
        Shapes.Rank(shape, 2, 2, "sparse");
        double kept = (shape[0] - ZerosPerColumn(shape[0])) / (double)shape[0];
        return new InitTheory(null, null, 0, Std * Math.Sqrt(kept), null, null);
    }

    private protected override void Write<T>(Span<T> weights, ReadOnlySpan<int> shape, InitContext context, InitTheory theory)
    {
        int rows = shape[0], cols = shape[1], zeros = ZerosPerColumn(rows);
        Fill.Normal(weights, context.Stream, 0, Std, 0, context.Threads);
        if (zeros == 0) return;
        var uniforms = new double[(long)zeros * cols];
        Fill.Uniform<double>(uniforms, context.Stream.Substream("sparse-mask"), 0, 1, 0, context.Threads);
        var order = new int[rows];
        T zero = default;
        for (int j = 0; j < cols; j++)
        {
            for (int r = 0; r < rows; r++) order[r] = r;
            for (int i = 0; i < zeros; i++)
            {
                int pick = i + (int)(uniforms[(long)j * zeros + i] * (rows - i));
                (order[i], order[pick]) = (order[pick], order[i]);
                weights[order[i] * cols + j] = zero;
            }
        }
    }
}
