using System.Globalization;
using InitLab.Data;
using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Init.Learned;

/// <summary>Which first step GradInit's objective takes: SGD's (θ − η·g) or Adam's (θ − η·sign g).</summary>
public enum GradInitStep
{
    /// <summary>A = SGD: the step is η·g; the constraint is on ‖g‖₂.</summary>
    Sgd,

    /// <summary>A = Adam's first step, sign-like: η·sign(g); the constraint is on ‖g‖₁.</summary>
    Adam,
}

/// <summary>One GradInit iteration: which objective it descended and its value.</summary>
/// <param name="Iteration">1-based.</param>
/// <param name="Constrained">True when ‖g(S₁)‖ &gt; γ and the iteration reduced the gradient norm instead.</param>
/// <param name="Objective">L(S₂; θ − η·A[g])/η, or the gradient norm when constrained.</param>
/// <param name="Loss">L(S₁; θ) before the step.</param>
public sealed record LearnedInitIteration(int Iteration, bool Constrained, double Objective, double Loss);

/// <summary>GradInit: learn one scale αₗ per parameter tensor so that the first optimizer step decreases the loss most, under a gradient-norm bound.</summary>
/// <remarks>
/// <para>
/// Zhu, Ni, Xu, Kong, Huang &amp; Goldstein 2021, "GradInit: Learning to Initialize Neural Networks for Stable and
/// Efficient Training", https://arxiv.org/abs/2102.08098, Algorithm 1. θₗ = αₗ·θ₀ₗ for every weight and bias tensor
/// θ₀ₗ of the base scheme (all αₗ = 1 at the start; a tensor that is all zeros, e.g. a zero bias, cannot be scaled and
/// is left out). Each of T iterations draws three half-batches h₀, h₁, h₂ of B/2 training images (B = --init-batch),
/// S₁ = h₀ ∪ h₁, S₂ = h₀ ∪ h₂ (the paper's overlapping batches), g = ∇θ L(S₁; θ), and:
/// </para>
/// <list type="bullet">
/// <item>if ‖g‖ &gt; γ (‖·‖₂ for SGD, ‖·‖₁ for Adam): descend ‖g‖; ∂‖g‖/∂θ = H·g/‖g‖₂ or H·sign(g) (a Hessian-vector product, <see cref="LossSurface"/>);</item>
/// <item>else descend L(S₂; θ − η·A[g])/η with A[g] = g (SGD) or sign(g) (Adam), the step held constant as in the authors' code
/// (so ∂/∂θ is ∇L(S₂) at the stepped point, over η).</item>
/// </list>
/// ∂/∂αₗ = Σᵢ θ₀ₗᵢ·∂/∂θₗᵢ, clipped to ±1; then Adam on α (lr τ, β = (0.9, 0.999), ε = 10⁻⁸; the constraint and the objective
/// keep separate first moments and share the second, as the authors' RescaleAdam), and α ← max(α, lower bound)
/// (the lower bound for weights, 0 for biases). Batches read the training set in the run's shuffle order of epochs 1, 2, ….
/// </remarks>
public sealed record GradInit : ModelInitializer
{
    /// <summary>The clip of each ∂/∂αₗ (the authors' default).</summary>
    public const double GradientClip = 1;

    /// <summary>Creates the initializer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public GradInit(string baseScheme, int iterations = 100, double lr = 0.01, double eta = 0.1, double gamma = 1, GradInitStep step = GradInitStep.Sgd, double minScale = 0.01, int batch = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 2);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseScheme);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        Guard.Positive(lr, nameof(lr));
        Guard.Positive(eta, nameof(eta));
        Guard.Positive(gamma, nameof(gamma));
        if (!Enum.IsDefined(step))
            throw Guard.OutOfRange(nameof(step), step, "use sgd or adam");
        if (!(minScale >= 0 && minScale < 1))
            throw Guard.OutOfRange(nameof(minScale), minScale, "it must be in [0, 1)");
        (BaseScheme, Iterations, Lr, Eta, Gamma, Step, MinScale, Batch) = (baseScheme, iterations, lr, eta, gamma, step, minScale, batch);
    }

    /// <inheritdoc/>
    public override string BaseScheme { get; }

    /// <summary>T.</summary>
    public int Iterations { get; }

    /// <summary>τ, Adam's learning rate on α.</summary>
    public double Lr { get; }

    /// <summary>η, the first step's learning rate.</summary>
    public double Eta { get; }

    /// <summary>γ, the bound on the gradient norm.</summary>
    public double Gamma { get; }

    /// <summary>The optimizer A whose first step is scored.</summary>
    public GradInitStep Step { get; }

    /// <summary>The lower bound of a weight's α.</summary>
    public double MinScale { get; }

    /// <summary>B, the images of S₁ (and of S₂).</summary>
    public int Batch { get; }

    /// <inheritdoc/>
    public override bool NeedsLabels => true;

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        var train = context.Train ?? throw new ArgumentException("gradinit learns from labelled training images; give the command a dataset (--data).", nameof(context));
        return Run(model, new BatchReader(train, model.InputShape, context.Seed, Batch / 2), context.Threads);
    }

    /// <summary>Runs T iterations on <paramref name="model"/>, drawing half-batches from <paramref name="reader"/>.</summary>
    public ModelInitReport Run(Model model, BatchReader reader, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reader);
        var surface = new LossSurface(model, threads);
        var theta0 = surface.Values();
        var scaled = theta0.Select(a => a.Any(v => v != 0)).ToArray();
        var alpha = theta0.Select(_ => 1.0).ToArray();
        var adam = new ScaleAdam(alpha.Length, Lr);
        var trace = new List<LearnedInitIteration>();
        for (int t = 1; t <= Iterations; t++)
        {
            var (h0, y0) = reader.Next();
            var (h1, y1) = reader.Next();
            var (h2, y2) = reader.Next();
            var step = Objective(surface, theta0, alpha, BatchReader.Concat(h0, h1), [.. y0, .. y1], BatchReader.Concat(h0, h2), [.. y0, .. y2]);
            trace.Add(step.Iteration with { Iteration = t });
            for (int k = 0; k < alpha.Length; k++)
                if (scaled[k])
                {
                    double floor = surface.Parameters[k].Role == Nn.ParameterRole.Bias ? 0 : MinScale;
                    alpha[k] = Math.Max(floor, alpha[k] - adam.Step(k, Math.Clamp(step.ScaleGradient[k], -GradientClip, GradientClip), step.Iteration.Constrained));
                }
            surface.Set(Scaled(theta0, alpha));
        }
        var steps = surface.Parameters.Select((p, k) => new ModelInitStep(p.Name, scaled[k] ? "scaled" : "zero, kept", Factor: alpha[k])).ToList();
        int constrained = trace.Count(i => i.Constrained);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"gradinit: base {BaseScheme}, A = {Step.ToString().ToLowerInvariant()}, T {Iterations}, τ {Lr}, η {Eta}, γ {Gamma}, min-scale {MinScale}, batch {2 * reader.Half}; " +
            $"{constrained} of {Iterations} iterations constrained; objective {trace[0].Objective:G4} → {trace[^1].Objective:G4}");
        return new ModelInitReport(Name, summary, steps, trace);
    }

    /// <summary>One iteration's objective at θ = α·θ₀ and its gradient with respect to every αₗ (unclipped); the parameters are θ afterwards.</summary>
    /// <param name="surface">The model's loss.</param>
    /// <param name="theta0">The base values θ₀.</param>
    /// <param name="alpha">The scales α.</param>
    /// <param name="s1">The images of S₁ and …</param>
    /// <param name="y1">… their labels.</param>
    /// <param name="s2">The images of S₂ and …</param>
    /// <param name="y2">… their labels.</param>
    public (LearnedInitIteration Iteration, double[] ScaleGradient) Objective(LossSurface surface, double[][] theta0, double[] alpha, Tensor s1, int[] y1, Tensor s2, int[] y2)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(theta0);
        ArgumentNullException.ThrowIfNull(alpha);
        var theta = Scaled(theta0, alpha);
        surface.Set(theta);
        var (loss, g) = surface.Gradient(s1, y1);
        double norm = Step == GradInitStep.Sgd ? LossSurface.Norm(g) : g.Sum(a => a.Sum(Math.Abs));
        double[][] dTheta;
        double objective;
        bool constrained = norm > Gamma;
        if (constrained)
        {
            var direction = Step == GradInitStep.Sgd ? [.. g.Select(a => a.Select(v => v / norm).ToArray())] : g.Select(a => a.Select(v => (double)Math.Sign(v)).ToArray()).ToArray();
            dTheta = surface.HessianVector(theta, direction, s1, y1);
            objective = norm;
        }
        else
        {
            var update = Step == GradInitStep.Sgd ? g : g.Select(a => a.Select(v => (double)Math.Sign(v)).ToArray()).ToArray();
            surface.Set(LossSurface.Axpy(theta, -Eta, update));
            var (stepped, g2) = surface.Gradient(s2, y2);
            surface.Set(theta);
            objective = stepped / Eta;
            dTheta = [.. g2.Select(a => a.Select(v => v / Eta).ToArray())];
        }
        var da = theta0.Select((a, k) => LossSurface.Dot(a, dTheta[k])).ToArray();
        return (new LearnedInitIteration(0, constrained, objective, loss), da);
    }

    /// <summary>αₗ·θ₀ₗ for every tensor.</summary>
    public static double[][] Scaled(double[][] theta0, double[] alpha) => [.. theta0.Select((a, k) => a.Select(v => alpha[k] * v).ToArray())];

    /// <summary>Adam on scalars with the constraint's and the objective's first moments kept apart and one shared second moment.</summary>
    sealed class ScaleAdam(int count, double lr)
    {
        const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        readonly double[] _m = new double[count], _mc = new double[count], _v = new double[count];
        readonly int[] _steps = new int[count], _constraintSteps = new int[count];

        /// <summary>The decrement of scalar k for gradient <paramref name="gradient"/>.</summary>
        public double Step(int k, double gradient, bool constraint)
        {
            int n;
            double m;
            if (constraint)
            {
                n = ++_constraintSteps[k];
                m = _mc[k] = Beta1 * _mc[k] + (1 - Beta1) * gradient;
            }
            else
            {
                n = ++_steps[k];
                m = _m[k] = Beta1 * _m[k] + (1 - Beta1) * gradient;
            }
            _v[k] = Beta2 * _v[k] + (1 - Beta2) * gradient * gradient;
            double denominator = Math.Sqrt(_v[k] / (1 - Math.Pow(Beta2, _steps[k] + _constraintSteps[k]))) + Epsilon;
            return lr / (1 - Math.Pow(Beta1, n)) * m / denominator;
        }
    }
}
