using InitLab.Activations;

namespace InitLab.Theory;

/// <summary>The mean-field description of a deep network with activation φ, W ~ N(0, σ_w²/N) and b ~ N(0, σ_b²).</summary>
/// <param name="Activation">φ.</param>
/// <param name="SigmaW">σ_w: the weight std times √fan_in.</param>
/// <param name="SigmaB">σ_b: the bias std.</param>
/// <param name="QStar">The fixed point q* of the variance map; +∞ when q grows without bound, 0 when it decays to 0.</param>
/// <param name="Chi1">χ₁ = σ_w²·E[φ′(√q*·z)²]; when q* = +∞ the limit q → ∞, when q* = 0 the limit q → 0⁺.</param>
/// <param name="Phase">Ordered, critical or chaotic, from χ₁.</param>
/// <param name="XiQ">ξ_q, the depth over which q^l approaches q*; +∞ at a marginal fixed point, NaN when q* = +∞.</param>
/// <param name="XiC">ξ_c, the depth over which correlations approach c*; +∞ at criticality, NaN when q* = +∞.</param>
/// <param name="CStar">The stable fixed point c* of the correlation map: 1 unless chaotic; NaN when q* = +∞.</param>
public sealed record MeanFieldResult(
    Activation Activation,
    double SigmaW,
    double SigmaB,
    double QStar,
    double Chi1,
    Phase Phase,
    double XiQ,
    double XiC,
    double CStar);
