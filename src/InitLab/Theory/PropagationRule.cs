namespace InitLab.Theory;

/// <summary>How <see cref="VariancePropagation"/> carries a pre-activation's second moment through the activation.</summary>
public enum PropagationRule
{
    /// <summary>
    /// E[φ(z)²] ≈ φ(0)² + k·E[z²] with k = (φ′(0⁺)² + φ′(0⁻)²)/2: the seeds' linear-regime formula.
    /// Exact in expectation for identity, relu and leaky_relu (k = 1, 1/2, (1+s²)/2) with symmetric weights;
    /// for smooth φ it is the small-signal linearization and drifts once q is not small.
    /// </summary>
    LinearRegime,

    /// <summary>E[φ(z)²] = E[φ(√q·u)²] for u ~ N(0, 1) by quadrature: exact in the wide (mean-field) limit for any φ.</summary>
    MeanField,
}
