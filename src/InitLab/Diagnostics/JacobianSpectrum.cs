using InitLab.Activations;
using InitLab.Compute;
using InitLab.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace InitLab.Diagnostics;

/// <summary>One dense layer of a chain as the Jacobian sees it: the weight W [out, in], φ, and the pre-activation z [out] at the input.</summary>
/// <param name="Weight">W in OutIn layout.</param>
/// <param name="Activation">φ, applied to z.</param>
/// <param name="PreActivation">z = W·x + b at the point where the Jacobian is taken.</param>
public readonly record struct JacobianLayer(Tensor Weight, Activation Activation, float[] PreActivation);

/// <summary>The singular values of a dense chain's input–output Jacobian J = D_L·W_L ⋯ D_1·W_1, D_l = diag(φ′(z_l)).</summary>
/// <remarks>
/// <para>
/// Dynamical isometry (Saxe et al. 2014, https://arxiv.org/abs/1312.6120; Pennington, Schoenholz &amp; Ganguli 2017,
/// https://arxiv.org/abs/1711.04735): a network trains fast when every singular value of J is near 1, not just their
/// mean square. For weights of variance σ_w²/n the mean squared singular value is ∏ χ₁ with χ₁ = σ_w²·E[φ′(z)²] in
/// both the Gaussian and the orthogonal case, but the spread differs: for a linear chain of L square layers the
/// squared singular values have variance L with Gaussian weights (their moments are Fuss–Catalan numbers) and 0 with
/// orthogonal ones.
/// </para>
/// <para>
/// J is built by chaining float32 GEMMs from the input side; the singular values come from MathNet's SVD in float64
/// (backward stable, so values below <see cref="Resolution"/>·max carry the float32 rounding of J rather than the network).
/// </para>
/// </remarks>
/// <param name="SingularValues">σ₁ ≥ σ₂ ≥ … ≥ σ_k, k = min(rows, columns).</param>
/// <param name="Rows">Output dimension of J.</param>
/// <param name="Columns">Input dimension of J.</param>
/// <param name="PredictedMeanSquared">The theory's mean squared singular value, or null when not given.</param>
public sealed record JacobianSpectrum(double[] SingularValues, int Rows, int Columns, double? PredictedMeanSquared)
{
    /// <summary>The relative resolution of the spectrum: singular values below Resolution·σ_max reflect the float32 rounding of J, not the network.</summary>
    public const double Resolution = 1e-6;

    /// <summary>The mean of σ², i.e. ‖J‖_F²/k.</summary>
    public double MeanSquared => SingularValues.Average(s => s * s);

    /// <summary>The population variance of σ² (the eigenvalues of JᵀJ).</summary>
    public double SquaredVariance
    {
        get
        {
            double mean = MeanSquared;
            return SingularValues.Average(s => (s * s - mean) * (s * s - mean));
        }
    }

    /// <summary>The largest singular value.</summary>
    public double Max => SingularValues[0];

    /// <summary>The smallest singular value.</summary>
    public double Min => SingularValues[^1];

    /// <summary>Builds J for <paramref name="layers"/> (input side first) and takes its singular values.</summary>
    /// <param name="layers">The chain; each weight's input width equals the previous one's output width.</param>
    /// <param name="predictedMeanSquared">The theory's mean squared singular value to keep beside the measurement.</param>
    /// <param name="threads">GEMM worker threads (0 = every logical processor).</param>
    /// <exception cref="ArgumentException">The chain is empty or its shapes do not fit.</exception>
    public static JacobianSpectrum Of(IReadOnlyList<JacobianLayer> layers, double? predictedMeanSquared = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("the chain has no layers; a Jacobian needs at least one.", nameof(layers));
        int columns = layers[0].Weight.Dim(1), rows = columns;
        float[]? j = null;
        foreach (var layer in layers)
        {
            var w = layer.Weight;
            if (w.Rank != 2 || w.Dim(1) != rows || layer.PreActivation.Length != w.Dim(0))
                throw new ArgumentException($"a layer with weight {w} and {layer.PreActivation.Length} pre-activations does not follow a layer of {rows} outputs.", nameof(layers));
            int outputs = w.Dim(0);
            float[] next;
            if (j is null)
                next = w.ToArray();
            else
            {
                next = new float[outputs * columns];
                Gemm.Sgemm(Transpose.No, Transpose.No, outputs, columns, rows, 1f, w.Span, rows, j, columns, 0f, next, columns, threads);
            }
            for (int i = 0; i < outputs; i++)
                System.Numerics.Tensors.TensorPrimitives.Multiply(next.AsSpan(i * columns, columns), (float)layer.Activation.Derivative(layer.PreActivation[i]), next.AsSpan(i * columns, columns));
            (j, rows) = (next, outputs);
        }
        var matrix = rows >= columns
            ? Matrix<double>.Build.Dense(rows, columns, (r, c) => j![r * columns + c])
            : Matrix<double>.Build.Dense(columns, rows, (r, c) => j![c * columns + r]);
        return new JacobianSpectrum(matrix.Svd(computeVectors: false).S.ToArray(), rows, columns, predictedMeanSquared);
    }
}
