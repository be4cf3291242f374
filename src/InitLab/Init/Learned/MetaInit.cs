using System.Globalization;
using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Random;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Init.Learned;

/// <summary>MetaInit: tune the norm of every weight tensor by signSGD with momentum so that the gradient quotient on random data is small.</summary>
/// <remarks>
/// <para>
/// Dauphin &amp; Schoenholz 2019, "MetaInit: Initializing learning by learning to initialize", NeurIPS,
/// https://papers.nips.cc/paper/2019/hash/876e8108f87eb61877c6263228b67256-Abstract.html, Algorithm 1 and its appendix code.
/// The gradient quotient over every parameter (biases included), N elements in all, with g = ∇L and H the Hessian:
/// GQ(θ) = (1/N)·Σᵢ |(gᵢ − (H·g)ᵢ)/(gᵢ + ε·s(gᵢ)) − 1|, s(x) = +1 for x ≥ 0 and −1 otherwise (ε = --metainit-eps,
/// 10⁻⁵; the paper's ε handling: the shift keeps its sign out of the derivative). GQ = 0 when one gradient step leaves g
/// unchanged up to first order — the paper's criterion of a well-conditioned start.
/// </para>
/// <para>
/// Each of T iterations draws a fresh batch of B = --init-batch inputs x ~ N(0, 1) and labels uniform over the classes (the outputs of the last Linear layer)
/// (the paper's random data, so no dataset is needed), and for every weight tensor (rank ≥ 2; biases are not tuned, as in
/// the paper) takes dₗ = sign(∂GQ/∂‖wₗ‖), mₗ ← μ·mₗ − lr·dₗ, ‖wₗ‖ ← ‖wₗ‖ + mₗ (wₗ rescaled to that norm, floored at
/// 1% of its base norm so it cannot flip sign), with lr = --metainit-lr (0.1) and μ = --metainit-momentum (0.9).
/// </para>
/// <para>
/// Derivatives: H·g is a central difference of gradients (<see cref="LossSurface"/>). GQ's derivative needs third
/// derivatives; it is taken by the chain rule through the smooth g and H·g, not by differencing GQ itself (whose
/// terms jump where a gᵢ crosses 0): with u = wₗ (zero elsewhere), ‖wₗ‖·∂GQ/∂‖wₗ‖ = (1/N)·Σᵢ ∂|rᵢ|/∂gᵢ·(H·u)ᵢ + ∂|rᵢ|/∂hᵢ·∂(H·g)ᵢ/∂t,
/// the last a central difference of H·g at wₗ·(1 ± δ), δ = <see cref="NormStep"/>: 8 gradients per weight tensor. Only its sign is used.
/// </para>
/// </remarks>
public sealed record MetaInit : ModelInitializer
{
    /// <summary>δ of the derivative with respect to a weight's norm: the norm is moved by ±δ relative.</summary>
    public const double NormStep = 1e-2;

    /// <summary>The stream of the random batches (per iteration, a substream).</summary>
    public const string Stream = "metainit.batch";

    /// <summary>Creates the initializer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public MetaInit(string baseScheme, int iterations = 50, double lr = 0.1, double momentum = 0.9, double eps = 1e-5, int batch = 256)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseScheme);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Guard.Positive(lr, nameof(lr));
        if (!(momentum >= 0 && momentum < 1))
            throw Guard.OutOfRange(nameof(momentum), momentum, "it must be in [0, 1)");
        Guard.Positive(eps, nameof(eps));
        (BaseScheme, Iterations, Lr, Momentum, Eps, Batch) = (baseScheme, iterations, lr, momentum, eps, batch);
    }

    /// <inheritdoc/>
    public override string BaseScheme { get; }

    /// <summary>T.</summary>
    public int Iterations { get; }

    /// <summary>The signSGD learning rate on the norms.</summary>
    public double Lr { get; }

    /// <summary>μ, the momentum.</summary>
    public double Momentum { get; }

    /// <summary>ε of the quotient's denominator.</summary>
    public double Eps { get; }

    /// <summary>B, the random batch size.</summary>
    public int Batch { get; }

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        return Run(model, Batch, context.Seed, context.Threads);
    }

    /// <summary>Runs T iterations on <paramref name="model"/> with random batches of <paramref name="batch"/> samples from the seed's stream.</summary>
    public ModelInitReport Run(Model model, int batch, ulong seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int classes = model.Layers.Modules().OfType<Nn.Linear>().LastOrDefault()?.Weight.Value.Dim(0)
            ?? throw new ArgumentException($"metainit: model '{model.Spec}' has no Linear layer whose outputs could be the classes of the random labels.", nameof(model));
        var surface = new LossSurface(model, threads);
        var theta = surface.Values();
        var tuned = surface.Parameters.Select((p, k) => p.Value.Rank >= 2 && theta[k].Any(v => v != 0)).ToArray();
        var baseNorm = theta.Select(a => Math.Sqrt(a.Sum(v => v * v))).ToArray();
        var memory = new double[theta.Length];
        var trace = new List<LearnedInitIteration>();
        for (int t = 1; t <= Iterations; t++)
        {
            var (x, y) = RandomBatch(model.InputShape, classes, batch, new RandomStream(seed, Stream).Substream(t.ToString(CultureInfo.InvariantCulture)));
            double gq = GradientQuotient(surface, theta, x, y);
            trace.Add(new LearnedInitIteration(t, false, gq, surface.Loss(x, y)));
            var d = NormGradients(surface, theta, tuned, x, y);
            for (int k = 0; k < theta.Length; k++)
                if (tuned[k])
                {
                    double norm = Math.Sqrt(theta[k].Sum(v => v * v));
                    memory[k] = Momentum * memory[k] - Lr * Math.Sign(d[k]);
                    double target = Math.Max(norm + memory[k], 0.01 * baseNorm[k]);
                    theta[k] = [.. theta[k].Select(v => v * target / norm)];
                }
            surface.Set(theta);
        }
        var steps = surface.Parameters.Select((p, k) => new ModelInitStep(p.Name, tuned[k] ? "norm tuned" : "kept",
            Factor: baseNorm[k] == 0 ? 1 : Math.Sqrt(theta[k].Sum(v => v * v)) / baseNorm[k])).ToList();
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"metainit: base {BaseScheme}, T {Iterations}, lr {Lr}, momentum {Momentum}, eps {Eps}, random batch {batch} (N(0, 1), uniform labels); " +
            $"GQ {trace[0].Objective:G4} → {trace[^1].Objective:G4} (before the last update)");
        return new ModelInitReport(Name, summary, steps, trace);
    }

    /// <summary>GQ at θ = <paramref name="theta"/> on (<paramref name="x"/>, <paramref name="y"/>); the parameters are θ afterwards.</summary>
    public double GradientQuotient(LossSurface surface, double[][] theta, Tensor x, int[] y)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var (g, hg) = GradientAndCurvature(surface, theta, x, y);
        double sum = 0;
        long count = 0;
        for (int k = 0; k < g.Length; k++)
            for (int i = 0; i < g[k].Length; i++, count++)
                sum += Math.Abs(Quotient(g[k][i], hg[k][i]));
        return sum / count;
    }

    /// <summary>rᵢ = (gᵢ − hᵢ)/(gᵢ + ε·s(gᵢ)) − 1, the term of GQ whose absolute value is averaged.</summary>
    double Quotient(double g, double h) => (g - h) / (g + Eps * Shift(g)) - 1;

    static double Shift(double g) => g >= 0 ? 1 : -1;

    /// <summary>g = ∇L and H·g at θ; the parameters are θ afterwards.</summary>
    static (double[][] G, double[][] Hg) GradientAndCurvature(LossSurface surface, double[][] theta, Tensor x, int[] y)
    {
        surface.Set(theta);
        var g = surface.Gradient(x, y).Gradient;
        return (g, surface.HessianVector(theta, g, x, y));
    }

    /// <summary>‖wₗ‖·∂GQ/∂‖wₗ‖ for every tuned tensor (0 for the others), by the chain rule through g and H·g (see the remarks).</summary>
    public double[] NormGradients(LossSurface surface, double[][] theta, bool[] tuned, Tensor x, int[] y)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(tuned);
        var (g, hg) = GradientAndCurvature(surface, theta, x, y);
        long count = g.Sum(a => (long)a.Length);
        // ∂|rᵢ|/∂gᵢ and ∂|rᵢ|/∂hᵢ at θ (the shift's sign is held constant, as the paper detaches it).
        var cg = g.Select((a, k) => a.Select((gi, i) => Math.Sign(Quotient(gi, hg[k][i])) * (Eps * Shift(gi) + hg[k][i]) / Math.Pow(gi + Eps * Shift(gi), 2)).ToArray()).ToArray();
        var ch = g.Select((a, k) => a.Select((gi, i) => -Math.Sign(Quotient(gi, hg[k][i])) / (gi + Eps * Shift(gi))).ToArray()).ToArray();
        var d = new double[theta.Length];
        for (int l = 0; l < theta.Length; l++)
        {
            if (!tuned[l])
                continue;
            var u = theta.Select((a, k) => k == l ? a : new double[a.Length]).ToArray();
            var dg = surface.HessianVector(theta, u, x, y);
            var (_, hgPlus) = GradientAndCurvature(surface, LossSurface.Axpy(theta, NormStep, u), x, y);
            var (_, hgMinus) = GradientAndCurvature(surface, LossSurface.Axpy(theta, -NormStep, u), x, y);
            double sum = 0;
            for (int k = 0; k < g.Length; k++)
                for (int i = 0; i < g[k].Length; i++)
                    sum += cg[k][i] * dg[k][i] + ch[k][i] * (hgPlus[k][i] - hgMinus[k][i]) / (2 * NormStep);
            d[l] = sum / count;
        }
        surface.Set(theta);
        return d;
    }

    /// <summary>B inputs x ~ N(0, 1) of <paramref name="shape"/> and B labels uniform over [0, <paramref name="classes"/>) from <paramref name="stream"/>.</summary>
    public static (Tensor Images, int[] Labels) RandomBatch(IReadOnlyList<int> shape, int classes, int batch, RandomStream stream)
    {
        var x = new Tensor([batch, .. shape]);
        Fill.Normal(x.Span, stream.Substream("x"), 0, 1);
        var u = new float[batch];
        Fill.Uniform(u, stream.Substream("y"), 0, 1);
        return (x, [.. u.Select(v => Math.Min(classes - 1, (int)(v * classes)))]);
    }
}
