using System.Globalization;
using InitLab.Activations;
using InitLab.Init.Network;
using InitLab.Theory;

namespace InitLab.Diagnostics;

/// <summary>One initialization of the classic experiment: a label and the scheme (registry text) it means for an activation.</summary>
/// <param name="Label">The label in the report, e.g. <c>N(0, 0.01²)</c>.</param>
/// <param name="Scheme">The scheme as <c>NAME[:KEY=VALUE,…]</c> for the given activation, or a model-level initializer's name (<c>lsuv</c>).</param>
/// <param name="Reading">What to see in the pictures, one sentence.</param>
public sealed record ClassicInit(string Label, Func<Activation, string> Scheme, string Reading);

/// <summary>The probe of one (activation, initialization) pair of the classic experiment.</summary>
/// <param name="Activation">φ.</param>
/// <param name="Init">The initialization.</param>
/// <param name="Scheme">The scheme text that was applied to the weights.</param>
/// <param name="Result">What the probe measured.</param>
/// <param name="Report">What the model-level initializer did (LSUV's rescalings), or null for a per-tensor scheme.</param>
public sealed record ClassicRun(Activation Activation, ClassicInit Init, string Scheme, ProbeResult Result, ModelInitReport? Report);

/// <summary>
/// The demonstration of Glorot &amp; Bengio 2010 and the CS231n notes: 10 dense layers of 500 units with tanh or ReLU,
/// fed N(0, 1) inputs, under six initializations, probed side by side.
/// </summary>
/// <remarks>
/// <para>
/// N(0, 0.01²) makes each layer multiply the signal's std by 0.01·√500·(activation factor) ≈ 0.2, so it collapses to 0;
/// N(0, 1) multiplies it by √500 ≈ 22, so tanh saturates and ReLU explodes. Xavier (Glorot &amp; Bengio's normalized
/// uniform, Var[W] = 2/(fan_in + fan_out)), He (N(0, 2/fan_in), He et al. 2015) and orthogonal weights at the critical
/// gain (σ_w with χ₁ = 1 at σ_b = 0: 1 for tanh, √2 for ReLU; Saxe et al. 2014, Pennington et al. 2017) keep it alive.
/// LSUV (Mishkin &amp; Matas 2016) measures instead of predicting: orthogonal weights, then each layer rescaled until its
/// pre-activation variance is 1 ± 0.1 (at most 10 rescalings; <see cref="ModelInitOptions"/>' defaults) on its own batch
/// of N(0, 1) inputs (<see cref="ModelInitialization.GaussianContext"/>), independent of the probed batch.
/// </para>
/// <para>Biases are zero. New initializations join by one line in <see cref="Inits"/>: a catalog scheme or a model-level initializer.</para>
/// </remarks>
public static class ClassicExperiment
{
    /// <summary>Units per layer.</summary>
    public const int Width = 500;

    /// <summary>Layers.</summary>
    public const int Depth = 10;

    /// <summary>The activations, one row of the report each.</summary>
    public static IReadOnlyList<Activation> Activations { get; } = [Activation.Tanh, Activation.Relu];

    /// <summary>The initializations, in the report's order.</summary>
    public static IReadOnlyList<ClassicInit> Inits { get; } =
    [
        new("N(0, 0.01²)", _ => "normal:std=0.01", "Too small: every layer shrinks the signal about fivefold, so it collapses to 0 and so do the gradients."),
        new("N(0, 1)", _ => "normal:std=1", "Too large: every layer multiplies the signal by about 22, so tanh saturates at ±1 (no gradient) and ReLU explodes."),
        new("Xavier", _ => "glorot-uniform", "Var[W] = 2/(fan_in + fan_out) keeps tanh alive for many layers; for ReLU it halves the variance at every layer."),
        new("He", _ => "he-normal:nonlinearity=relu", "Var[W] = 2/fan_in is exactly stable for ReLU; for tanh it is slightly too large and pushes units towards saturation."),
        new("orthogonal", a => $"orthogonal:gain={Format(MeanField.CriticalSigmaW(a, 0))}", "Orthogonal weights at the critical gain: stable variance and, for tanh, singular values of the Jacobian all near the same value (dynamical isometry)."),
        new("LSUV", _ => "lsuv", "Orthogonal weights, then each layer rescaled on a separate batch until its pre-activation variance is 1 ± 0.1: unit std at every layer for tanh and ReLU alike, found by measurement instead of theory."),
    ];

    /// <summary>Probes every (activation, initialization) pair on the same N(0, 1) batch.</summary>
    /// <param name="batch">Samples; ≥ 1.</param>
    /// <param name="seed">Seeds the weights (per parameter name), the inputs, LSUV's batches and the readout.</param>
    /// <param name="threads">Worker threads (0 = every logical processor); results do not depend on it.</param>
    public static IReadOnlyList<ClassicRun> Run(int batch = 1000, ulong seed = 0, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var input = ProbeBatch.Gaussian(batch, [Width], seed).Input;
        var pairs = Activations.SelectMany(a => Inits.Select(i => (Activation: a, Init: i))).ToArray();
        var runs = new ClassicRun[pairs.Length];
        // One pair per worker: the GEMMs are large enough to run well on one thread each, and the SVDs are serial.
        Parallel.For(0, pairs.Length, new ParallelOptions { MaxDegreeOfParallelism = Compute.Parallelism.Resolve(threads) }, i =>
        {
            var (activation, init) = pairs[i];
            string scheme = init.Scheme(activation);
            var modelInit = new ModelInit(scheme, new ModelInitOptions());
            var chain = modelInit.Prepare(DeepChain.Model(Width, Width, Depth, activation));
            var report = ModelInitialization.Apply(chain, modelInit, "zeros", seed, ModelInitialization.GaussianContext(chain, modelInit, seed, threads: 1));
            var settings = new ProbeSettings { Seed = seed, Threads = 1, PostRange = PostRange };
            runs[i] = new ClassicRun(activation, init, scheme, SignalProbe.Run(chain.Layers, input, [], settings), report);
        });
        return runs;
    }

    /// <summary>The histogram range of the report for φ's outputs: [−1, 1] for tanh, [0, 3] for ReLU (values beyond are counted apart).</summary>
    public static (double Low, double High)? PostRange(Activation activation) => activation.Kind switch
    {
        ActivationKind.Tanh => (-1, 1),
        ActivationKind.Sigmoid => (0, 1),
        ActivationKind.Relu => (0, 3),
        _ => null,
    };

    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
