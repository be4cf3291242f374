using InitLab.Activations;
using MathNet.Numerics.Integration;

namespace InitLab.Theory;

/// <summary>Expectations of functions of standard normal variables by Gauss–Hermite quadrature split at 0.</summary>
/// <remarks>
/// <para>
/// One variable: E[g(Z)] = (1/√(2π))·∫₀^∞ (g(z) + g(−z))·e^(−z²/2) dz, each half by the <see cref="Points"/>-point
/// half-range Gauss–Hermite rule. g may have a kink or a jump at 0 (relu, its derivative) and still converge
/// geometrically; away from 0 it should be smooth.
/// </para>
/// <para>
/// A wide Gaussian, E[f(s·Z)] with s &gt; <see cref="SplitScale"/>/3: f's features (an activation's bend, of width
/// about 1 in its argument) shrink to width 1/s in z, and a fixed rule stops resolving them. The half-line is then
/// split at b = <see cref="SplitScale"/>/s: [0, b] (|u| ≤ 20) by composite Gauss–Legendre in u = s·z, and
/// [b, ∞) by the half-range rule in y = z − b against e^(−b·y − y²/2), where every activation is within e^(−20) of
/// its asymptote's smooth form.
/// </para>
/// <para>
/// Two correlated variables: (X, Y) = (z₁, c·z₁ + √(1−c²)·z₂) in polar coordinates z = r(cos θ, sin θ), so
/// X = r·cos θ and Y = r·cos(θ − θ₀) with θ₀ = atan2(√(1−c²), c). The angle is split where X = 0 or Y = 0 and each arc
/// uses Gauss–Legendre; the radius uses the half-range rule for the weight r·e^(−r²/2). g may therefore be
/// non-smooth where X = 0 or Y = 0.
/// </para>
/// <para>Accuracy (docs/theory.md): error below 1e-10 for φ(√q·z)², φ′(√q·z)² of every <see cref="Activations.ActivationKind"/> for q from 1e-4 to 1e6.</para>
/// </remarks>
public static class GaussianExpectation
{
    /// <summary>Nodes per half-line in one dimension.</summary>
    public const int Points = 64;

    /// <summary>Radial nodes in two dimensions.</summary>
    public const int RadialPoints = 48;

    /// <summary>Gauss–Legendre nodes on each angular arc in two dimensions.</summary>
    public const int ArcPoints = 32;

    static readonly double InvSqrt2Pi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>E[g(Z)] for Z ~ N(0, 1).</summary>
    /// <param name="g">The integrand; smooth except possibly at 0.</param>
    public static double Of(Func<double, double> g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var rule = HalfRangeGaussHermite.Get(Points);
        return InvSqrt2Pi * rule.Integrate(z => g(z) + g(-z));
    }

    /// <summary>Where a wide Gaussian is split, in units of f's argument (see remarks).</summary>
    public const double SplitScale = 20;

    /// <summary>E[f(s·Z)] for Z ~ N(0, 1), accurate for any s (see remarks).</summary>
    /// <param name="f">The integrand; smooth except possibly at 0, varying on a scale of order 1 (as activations do).</param>
    /// <param name="std">s; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative or not finite.</exception>
    public static double OfScaled(Func<double, double> f, double std)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validation.Guard.NonNegative(std, nameof(std));
        if (std <= SplitScale / 3)
            return Of(z => f(std * z));

        const int panels = 20, perPanel = 12;
        double near = 0;
        for (int p = 0; p < panels; p++)
        {
            var rule = new GaussLegendreRule(p * SplitScale / panels, (p + 1) * SplitScale / panels, perPanel);
            for (int i = 0; i < perPanel; i++)
            {
                double u = rule.Abscissas[i], z = u / std;
                near += rule.Weights[i] * (f(u) + f(-u)) * Math.Exp(-0.5 * z * z);
            }
        }
        near /= std;

        double b = SplitScale / std;
        var tail = HalfRangeGaussHermite.Get(Points);
        double far = Math.Exp(-0.5 * b * b) * tail.Integrate(y => Math.Exp(-b * y) * (f(std * (b + y)) + f(-std * (b + y))));
        return InvSqrt2Pi * (near + far);
    }

    /// <summary>E[g(X, Y)] for standard normal X, Y with correlation <paramref name="c"/>.</summary>
    /// <param name="g">The integrand; smooth except possibly where X = 0 or Y = 0.</param>
    /// <param name="c">The correlation, in [−1, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="c"/> is outside [−1, 1].</exception>
    public static double OfCorrelatedPair(Func<double, double, double> g, double c)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (!(c >= -1 && c <= 1))
            throw Validation.Guard.OutOfRange(nameof(c), c, "a correlation must be in [−1, 1]");
        var radial = HalfRangeGaussHermite.Get(RadialPoints, alpha: 1);
        double theta0 = Math.Atan2(Math.Sqrt(1 - c * c), c);
        double[] cuts = [Math.PI / 2, 3 * Math.PI / 2, Wrap(theta0 + Math.PI / 2), Wrap(theta0 - Math.PI / 2)];
        Array.Sort(cuts);

        double total = 0;
        for (int k = 0; k < cuts.Length; k++)
        {
            double start = cuts[k];
            double end = k + 1 < cuts.Length ? cuts[k + 1] : cuts[0] + 2 * Math.PI;
            if (end - start < 1e-15)
                continue;
            var arc = new GaussLegendreRule(start, end, ArcPoints);
            for (int i = 0; i < ArcPoints; i++)
            {
                double theta = arc.Abscissas[i];
                double cx = Math.Cos(theta), cy = Math.Cos(theta - theta0);
                total += arc.Weights[i] * radial.Integrate(r => g(r * cx, r * cy));
            }
        }
        return total / (2 * Math.PI);
    }

    static double Wrap(double angle) => angle - 2 * Math.PI * Math.Floor(angle / (2 * Math.PI));
}
