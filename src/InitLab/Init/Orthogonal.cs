using InitLab.Validation;

namespace InitLab.Init;

/// <summary>A (semi-)orthogonal matrix times a gain, Haar-distributed: WᵀW = gain²·I or W·Wᵀ = gain²·I.</summary>
/// <remarks>
/// Rank ≥ 2. The weight is viewed as a matrix: [shape[0], ∏shape[1:]] under the OutIn layouts (PyTorch's flattening),
/// [∏shape[:−1], shape[−1]] under the InOut layouts (Keras's and JAX's). A Gaussian matrix is factored by Householder
/// QR and Q's columns are multiplied by sign(diag R) (Mezzadri 2007): without this fix the result is not Haar.
/// The smaller dimension gets orthonormal vectors. Exact moments: mean 0, std = gain/√max(rows, cols), |w| ≤ gain.
/// Deterministic for any thread count; ‖QᵀQ − I‖_max ≤ 1e-5 at n = 1024 in float32.
/// Saxe, McClelland &amp; Ganguli 2014, "Exact solutions to the nonlinear dynamics of learning in deep linear neural
/// networks", https://arxiv.org/abs/1312.6120.
/// Example: <c>new Orthogonal(gain: Gains.Of(Nonlinearity.Tanh)).Initialize&lt;float&gt;(w, [512, 512], ctx)</c>.
/// </remarks>
public sealed record Orthogonal : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="gain">Multiplies the orthogonal matrix; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">gain is not finite and positive.</exception>
    public Orthogonal(double gain = 1)
    {
        Guard.Positive(gain, nameof(gain));
        Gain = gain;
    }

    /// <summary>Multiplies the orthogonal matrix.</summary>
    public double Gain { get; }

    /// <summary>The matrix view of a weight of <paramref name="shape"/> under <paramref name="layout"/>.</summary>
    public static (int Rows, int Cols) Matrix(ReadOnlySpan<int> shape, WeightLayout layout)
    {
        Shapes.Rank(shape, 2, int.MaxValue, "orthogonal");
        int count = checked((int)Shapes.Count(shape));
        return layout is WeightLayout.InOut or WeightLayout.InOutTransposed
            ? (count / shape[^1], shape[^1])
            : (shape[0], count / shape[0]);
    }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context)
    {
        var (rows, cols) = Matrix(shape, context.Fans.Layout);
        return new InitTheory(null, Gain, 0, Gain / Math.Sqrt(Math.Max(rows, cols)), Gain, null);
    }

    private protected override void Write<T>(Span<T> weights, ReadOnlySpan<int> shape, InitContext context, InitTheory theory)
    {
        var (rows, cols) = Matrix(shape, context.Fans.Layout);
        OrthogonalMatrix.Fill(weights, rows, cols, context.Stream, Gain, context.Threads);
    }
}
