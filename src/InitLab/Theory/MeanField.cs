using InitLab.Activations;
using InitLab.Validation;

namespace InitLab.Theory;

/// <summary>Mean-field signal propagation through a deep, wide, randomly initialized network.</summary>
/// <remarks>
/// <para>
/// Poole, Lahiri, Raghu, Sohl-Dickstein &amp; Ganguli 2016, "Exponential expressivity in deep neural networks through
/// transient chaos" (arXiv:1606.05340); Schoenholz, Gilmer, Ganguli &amp; Sohl-Dickstein 2017, "Deep information
/// propagation" (arXiv:1611.01232). With W ~ N(0, σ_w²/N), b ~ N(0, σ_b²) and z ~ N(0, 1):
/// </para>
/// <list type="bullet">
/// <item>variance map q^l = σ_w²·E[φ(√q^(l−1)·z)²] + σ_b², fixed point q*;</item>
/// <item>χ₁ = σ_w²·E[φ′(√q*·z)²]: ordered below 1, chaotic above;</item>
/// <item>ξ_q = −1/ln(σ_w²·E[φ′(√q*·z)² + φ(√q*·z)·φ″(√q*·z)]), the slope of the variance map at q* (Schoenholz eq. 5);</item>
/// <item>correlation map c^l = (σ_w²·E[φ(u₁)φ(u₂)] + σ_b²)/q* with u₁ = √q*·z₁, u₂ = √q*·(c·z₁ + √(1−c²)·z₂);</item>
/// <item>ξ_c = −1/ln(σ_w²·E[φ′(u₁)φ′(u₂)]) at c = c* (Schoenholz eq. 9), which is −1/ln χ₁ when c* = 1 (ordered phase).</item>
/// </list>
/// <para>Expectations use <see cref="GaussianExpectation"/> (error below 1e-10 in one dimension; see docs/theory.md).</para>
/// </remarks>
public static class MeanField
{
    /// <summary>|χ₁ − 1| at or below this is <see cref="Phase.Critical"/>: the quadrature's error bound, with margin.</summary>
    public const double CriticalTolerance = 1e-6;

    /// <summary>q beyond this is reported as q* = +∞ (the variance grows without bound).</summary>
    public const double QMax = 1e100;

    /// <summary>q below this is reported as q* = 0; expectations "at q = 0" are taken here, i.e. as the limit q → 0⁺.</summary>
    public const double QMin = 1e-300;

    /// <summary>E[φ(√q·z)²], the activation's second moment under a N(0, q) input.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is negative or not finite.</exception>
    public static double SecondMoment(Activation activation, double q)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return GaussianExpectation.OfScaled(u => Square(activation.Value(u)), StdOf(q));
    }

    /// <summary>One step of the variance map: σ_w²·E[φ(√q·z)²] + σ_b².</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ_w or σ_b is negative or not finite, or q is.</exception>
    public static double VarianceMap(Activation activation, double sigmaW, double sigmaB, double q)
    {
        CheckSigmas(sigmaW, sigmaB);
        return sigmaW * sigmaW * SecondMoment(activation, q) + sigmaB * sigmaB;
    }

    /// <summary>The fixed point q* that the variance map reaches from <paramref name="q0"/>.</summary>
    /// <remarks>
    /// The map is increasing in q, so iteration from q0 moves monotonically to the nearest fixed point in the direction
    /// of q^1 − q0. That fixed point is bracketed by doubling (or halving) q, then found by bisection to relative 1e-15.
    /// If every q is fixed (relu at σ_w² = 2, σ_b = 0), q* = q0.
    /// </remarks>
    /// <param name="activation">φ.</param>
    /// <param name="sigmaW">σ_w ≥ 0.</param>
    /// <param name="sigmaB">σ_b ≥ 0.</param>
    /// <param name="q0">The input's second moment per coordinate; &gt; 0.</param>
    /// <returns>q*, or +∞ above <see cref="QMax"/>, or 0 below <see cref="QMin"/>.</returns>
    public static double FixedPoint(Activation activation, double sigmaW, double sigmaB, double q0 = 1)
    {
        CheckSigmas(sigmaW, sigmaB);
        Guard.Positive(q0, nameof(q0));
        double Gap(double q) => VarianceMap(activation, sigmaW, sigmaB, q) - q;

        double q = q0, gap = Gap(q);
        if (Math.Abs(gap) <= 1e-12 * q)
            return q;
        if (gap > 0)
        {
            while (Gap(2 * q) > 0)
            {
                q *= 2;
                if (q > QMax)
                    return double.PositiveInfinity;
            }
            return Bisection.Root(Gap, q, 2 * q, 1e-15 * q);
        }
        while (Gap(q / 2) < 0)
        {
            q /= 2;
            if (q < QMin)
                return 0;
        }
        return Bisection.Root(Gap, q / 2, q, 1e-15 * q);
    }

    /// <summary>χ₁ = σ_w²·E[φ′(√q·z)²], the mean squared singular value of one layer's Jacobian.</summary>
    /// <param name="activation">φ.</param>
    /// <param name="sigmaW">σ_w ≥ 0.</param>
    /// <param name="q">Usually q*; +∞ gives the limit q → ∞ (taken at <see cref="QMax"/>), 0 the limit q → 0⁺.</param>
    public static double Chi1(Activation activation, double sigmaW, double q)
    {
        CheckSigmas(sigmaW, 0);
        ArgumentNullException.ThrowIfNull(activation);
        return sigmaW * sigmaW * GaussianExpectation.OfScaled(u => Square(activation.Derivative(u)), StdOf(Limit(q)));
    }

    /// <summary>One step of the correlation map at the variance fixed point q*.</summary>
    /// <exception cref="ArgumentOutOfRangeException">q* is not finite and positive, or c is outside [−1, 1].</exception>
    public static double CorrelationMap(Activation activation, double sigmaW, double sigmaB, double qStar, double c)
    {
        CheckSigmas(sigmaW, sigmaB);
        Guard.Positive(qStar, nameof(qStar));
        double s = Math.Sqrt(qStar);
        double cross = GaussianExpectation.OfCorrelatedPair((x, y) => activation.Value(s * x) * activation.Value(s * y), c);
        return (sigmaW * sigmaW * cross + sigmaB * sigmaB) / qStar;
    }

    /// <summary>The full analysis: q*, χ₁, phase, ξ_q, ξ_c and c* for φ, σ_w and σ_b.</summary>
    /// <param name="activation">φ.</param>
    /// <param name="sigmaW">σ_w ≥ 0.</param>
    /// <param name="sigmaB">σ_b ≥ 0.</param>
    /// <param name="q0">The input's second moment per coordinate; &gt; 0. It selects q* only when several exist.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative or not finite.</exception>
    public static MeanFieldResult Analyze(Activation activation, double sigmaW, double sigmaB, double q0 = 1)
    {
        ArgumentNullException.ThrowIfNull(activation);
        double qStar = FixedPoint(activation, sigmaW, sigmaB, q0);
        double chi1 = Chi1(activation, sigmaW, qStar);
        var phase = Math.Abs(chi1 - 1) <= CriticalTolerance ? Phase.Critical : chi1 < 1 ? Phase.Ordered : Phase.Chaotic;
        if (double.IsPositiveInfinity(qStar))
            return new(activation, sigmaW, sigmaB, qStar, chi1, phase, double.NaN, double.NaN, double.NaN);

        double q = Limit(qStar);
        double slope = sigmaW * sigmaW * GaussianExpectation.OfScaled(
            u => Square(activation.Derivative(u)) + activation.Value(u) * activation.SecondDerivative(u), Math.Sqrt(q));
        double cStar = 1, chiC = chi1;
        if (phase == Phase.Chaotic)
        {
            cStar = CorrelationFixedPoint(activation, sigmaW, sigmaB, q);
            double s = Math.Sqrt(q);
            chiC = sigmaW * sigmaW * GaussianExpectation.OfCorrelatedPair((x, y) => activation.Derivative(s * x) * activation.Derivative(s * y), cStar);
        }
        return new(activation, sigmaW, sigmaB, qStar, chi1, phase, DepthScale(slope), DepthScale(chiC), cStar);
    }

    /// <summary>The σ_w at which χ₁ (at the q* reached from q0) reaches 1 for the given σ_b: the edge of chaos.</summary>
    /// <remarks>
    /// <para>σ_w is scanned upward from 0.05 by factors of 1.25 to the first χ₁ ≥ 1, then bisected to 1e-12.</para>
    /// <para>
    /// For bounded φ (tanh, sigmoid) and for relu-like φ, χ₁ crosses 1 continuously. For gelu, silu, elu and softplus
    /// the variance map can hold a stable small q* and an escape to ∞ at once; where the small one vanishes (or
    /// falls below q0's basin), q* jumps to ∞ and χ₁ jumps past 1 to its q → ∞ limit σ_w²·E[φ′(∞·z)²]. The σ_w
    /// returned is then that jump (docs/theory.md).
    /// </para>
    /// </remarks>
    /// <returns>The critical σ_w, or NaN if χ₁ stays below 1 for every σ_w ≤ 1000.</returns>
    /// <exception cref="ArgumentOutOfRangeException">σ_b is negative or not finite, or q0 is not positive.</exception>
    public static double CriticalSigmaW(Activation activation, double sigmaB, double q0 = 1)
    {
        ArgumentNullException.ThrowIfNull(activation);
        CheckSigmas(0, sigmaB);
        Guard.Positive(q0, nameof(q0));
        double Excess(double sigmaW) => Chi1(activation, sigmaW, FixedPoint(activation, sigmaW, sigmaB, q0)) - 1;
        double previous = 0;
        for (double sigmaW = 0.05; sigmaW <= 1000; sigmaW *= 1.25)
        {
            if (Excess(sigmaW) >= 0)
                return Bisection.Root(Excess, previous, sigmaW, 1e-12);
            previous = sigmaW;
        }
        return double.NaN;
    }

    /// <summary>The stable correlation fixed point below 1 in the chaotic phase (where c = 1 is unstable).</summary>
    static double CorrelationFixedPoint(Activation activation, double sigmaW, double sigmaB, double qStar)
    {
        double Gap(double c) => CorrelationMap(activation, sigmaW, sigmaB, qStar, c) - c;
        // Gap(0) ≥ 0 always (the map at c = 0 is a sum of squares over q*), and Gap < 0 just below 1 when χ₁ > 1:
        // walk c = 1 − 2^−k toward 1 to the first negative gap.
        double below = 0;
        for (int k = 1; k <= 40; k++)
        {
            double c = 1 - Math.ScaleB(1, -k);
            if (Gap(c) < 0)
                return Bisection.Root(Gap, below, c, 1e-13);
            below = c;
        }
        return 1;
    }

    /// <summary>−1/ln x: the depth over which a perturbation shrinks by e when each layer multiplies it by x.</summary>
    static double DepthScale(double x) => x <= 0 ? double.NaN : x >= 1 ? double.PositiveInfinity : -1 / Math.Log(x);

    static double Limit(double q) => double.IsPositiveInfinity(q) ? QMax : Math.Max(q, QMin);

    static double StdOf(double q)
    {
        Guard.NonNegative(q, nameof(q));
        return Math.Sqrt(q);
    }

    static void CheckSigmas(double sigmaW, double sigmaB)
    {
        Guard.NonNegative(sigmaW, nameof(sigmaW));
        Guard.NonNegative(sigmaB, nameof(sigmaB));
    }

    static double Square(double x) => x * x;
}
