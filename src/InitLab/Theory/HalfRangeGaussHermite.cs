using System.Collections.Concurrent;
using MathNet.Numerics.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace InitLab.Theory;

/// <summary>The n-point Gauss rule for ∫₀^∞ f(x)·x^α·e^(−x²/2) dx: Gauss–Hermite on one half-line.</summary>
/// <remarks>
/// <para>
/// Exact for polynomials f of degree ≤ 2n − 1. Splitting a Gaussian expectation at 0 and using this rule on each half
/// keeps the kinks of relu, leaky_relu, elu and selu (all at 0) off the interior of the domain, so each half's integrand
/// is analytic and the rule converges geometrically instead of algebraically (Steen, Byrne &amp; Gelbard 1969,
/// "Gaussian quadratures for the integrals ∫₀^∞ exp(−x²) f(x) dx").
/// </para>
/// <para>
/// The three-term recurrence of the orthogonal polynomials has no closed form for this weight, so it is computed by
/// the discretized Stieltjes procedure (Gautschi 2004, §2.2.3) on a composite Gauss–Legendre discretization of
/// [0, √(8n) + 12] (the weight beyond is below e^(−72) of its mass), in orthonormal form so nothing overflows.
/// Nodes and weights then come from the Jacobi matrix's eigen-decomposition (Golub &amp; Welsch 1969).
/// </para>
/// </remarks>
internal sealed class HalfRangeGaussHermite
{
    static readonly ConcurrentDictionary<(int Points, int Alpha), HalfRangeGaussHermite> Cache = new();

    readonly double[] nodes;
    readonly double[] weights;

    HalfRangeGaussHermite(double[] nodes, double[] weights)
    {
        this.nodes = nodes;
        this.weights = weights;
    }

    /// <summary>The nodes, ascending, all in (0, ∞).</summary>
    public ReadOnlySpan<double> Nodes => nodes;

    /// <summary>The weights; they sum to ∫₀^∞ x^α e^(−x²/2) dx.</summary>
    public ReadOnlySpan<double> Weights => weights;

    /// <summary>The rule with <paramref name="points"/> nodes for the weight x^α·e^(−x²/2); computed once, then shared.</summary>
    /// <param name="points">Nodes; 1 … 200.</param>
    /// <param name="alpha">The power of x in the weight; 0 … 3.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static HalfRangeGaussHermite Get(int points, int alpha = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, 200);
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alpha, 3);
        return Cache.GetOrAdd((points, alpha), key => Compute(key.Points, key.Alpha));
    }

    /// <summary>Σ wᵢ·f(xᵢ) ≈ ∫₀^∞ f(x)·x^α·e^(−x²/2) dx.</summary>
    public double Integrate(Func<double, double> f)
    {
        double sum = 0;
        for (int i = 0; i < nodes.Length; i++)
            sum += weights[i] * f(nodes[i]);
        return sum;
    }

    static HalfRangeGaussHermite Compute(int n, int alpha)
    {
        var (x, w) = Discretize(n, alpha);
        var (a, b) = Stieltjes(x, w, n);

        var jacobi = Matrix<double>.Build.Dense(n, n);
        for (int k = 0; k < n; k++)
        {
            jacobi[k, k] = a[k];
            if (k + 1 < n)
                jacobi[k, k + 1] = jacobi[k + 1, k] = Math.Sqrt(b[k + 1]);
        }
        var evd = jacobi.Evd(Symmetricity.Symmetric);
        var nodes = new double[n];
        var weights = new double[n];
        for (int j = 0; j < n; j++)
        {
            nodes[j] = evd.EigenValues[j].Real;
            double v = evd.EigenVectors[0, j];
            weights[j] = b[0] * v * v;
        }
        Array.Sort(nodes, weights);
        return new HalfRangeGaussHermite(nodes, weights);
    }

    /// <summary>A discrete measure Σ wᵢ·δ(xᵢ) whose moments up to degree 2n match the weight's to rounding.</summary>
    static (double[] X, double[] W) Discretize(int n, int alpha)
    {
        const double panelWidth = 0.25;
        const int perPanel = 24;
        int panels = (int)Math.Ceiling((Math.Sqrt(8.0 * n) + 12) / panelWidth);
        var x = new double[panels * perPanel];
        var w = new double[panels * perPanel];
        for (int p = 0; p < panels; p++)
        {
            var rule = new GaussLegendreRule(p * panelWidth, (p + 1) * panelWidth, perPanel);
            for (int i = 0; i < perPanel; i++)
            {
                double xi = rule.Abscissas[i];
                x[p * perPanel + i] = xi;
                w[p * perPanel + i] = rule.Weights[i] * Math.Pow(xi, alpha) * Math.Exp(-0.5 * xi * xi);
            }
        }
        return (x, w);
    }

    /// <summary>Recurrence coefficients a₀…a_(n−1), b₀…b_(n−1) of the discrete measure (b₀ = its total mass).</summary>
    static (double[] A, double[] B) Stieltjes(double[] x, double[] w, int n)
    {
        int m = x.Length;
        var a = new double[n];
        var b = new double[n];
        var previous = new double[m];
        var current = new double[m];
        var next = new double[m];
        b[0] = w.Sum();
        Array.Fill(current, 1 / Math.Sqrt(b[0]));
        for (int k = 0; k < n; k++)
        {
            double ak = 0;
            for (int i = 0; i < m; i++)
                ak += w[i] * x[i] * current[i] * current[i];
            a[k] = ak;
            if (k + 1 == n)
                break;
            double sqrtB = k == 0 ? 0 : Math.Sqrt(b[k]);
            double norm = 0;
            for (int i = 0; i < m; i++)
            {
                next[i] = (x[i] - ak) * current[i] - sqrtB * previous[i];
                norm += w[i] * next[i] * next[i];
            }
            b[k + 1] = norm;
            double scale = 1 / Math.Sqrt(norm);
            for (int i = 0; i < m; i++)
                next[i] *= scale;
            (previous, current, next) = (current, next, previous);
        }
        return (a, b);
    }
}
