using System.Diagnostics;
using InitLab.Autograd;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Random;
using InitLab.Tensors;

namespace InitLab.Training;

/// <summary>Training throughput: images per second through forward, backward and the optimizer step, on a fixed random batch.</summary>
/// <remarks>
/// The model is the spec's with ReLU, He-normal weights and zero biases (as <c>initlab train</c> builds it); the batch is
/// N(0, 1) pixels with labels cycling through the classes, shifted by one class at every step: the same work per step, but
/// a batch the model cannot memorize. (With fixed labels an optimizer that fits the batch quickly, such as RMSprop with
/// momentum, drove the loss to 10⁻⁷ within 200 steps, and the subnormal gradients that followed slowed the backward pass
/// about 2×: a benchmark of denormal arithmetic, not of training.) SGD uses η = 0.01, μ = 0.9; Adam η = 10⁻³ — the settings of
/// <c>bench/peers/train.py</c>, which times the same model in PyTorch.
/// </remarks>
public static class ThroughputBenchmark
{
    /// <summary>
    /// Seconds of untimed steps first. With four warm-up steps, the first 3-second measurement of the MLP on 2 threads in
    /// a process read 182 000 images/s and the next ones 260 000–266 000; with 1.5 s of warm-up the first read 247 000
    /// (1 thread: 168 000–171 000 either way).
    /// </summary>
    const double WarmUpSeconds = 1.5;

    /// <summary>Warms up (up to 1.5 s), then runs steps for about <paramref name="seconds"/> and returns images per second (median of five rounds).</summary>
    /// <param name="spec">The model spec.</param>
    /// <param name="batch">Images per step.</param>
    /// <param name="optimizer">The optimizer (sgd runs at η 0.01 with momentum 0.9, every other one at η 0.001).</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="seconds">The time budget of the timed rounds.</param>
    /// <param name="precision">The arithmetic of the linear and convolution products (<see cref="TrainingConfig.Precision"/>).</param>
    /// <exception cref="ArgumentException">The spec is invalid, the batch is not positive, or the optimizer spec is invalid.</exception>
    public static double SamplesPerSecond(string spec, int batch, OptimizerSpec optimizer, int threads, double seconds, Numerics.Precision precision = Numerics.Precision.Fp32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        Validation.Guard.Positive(seconds, nameof(seconds));
        var config = new TrainingConfig
        {
            Data = "synthetic", Model = spec, Batch = batch, Precision = precision, Optimizer = optimizer,
            LearningRate = optimizer.IsAdaptive ? 1e-3 : 0.01, Momentum = optimizer.Kind == OptimizerKind.Sgd && optimizer.Momentum is null ? 0.9 : 0,
        }.Validate();
        var parsed = config.ParseModel();
        var model = ModelBuilder.Build(parsed, config.ModelOptions(), 1, 28, 28);
        InitPlan.Parse(config).Apply(model.Parameters, seed: 0, threads);
        var opt = config.CreateOptimizer(model.Parameters);
        var input = new Tensor([batch, .. model.InputShape]);
        Fill.Normal(input.Span, new RandomStream(0, "bench/train/x"), 0, 1);
        var x = new Variable(input, requiresGrad: false);
        var labels = Enumerable.Range(0, parsed.Classes).Select(shift => Enumerable.Range(0, batch).Select(i => (i + shift) % parsed.Classes).ToArray()).ToArray();
        int count = 0;
        var tape = new Tape(threads) { Precision = config.Precision };
        void Step() => TrainingStep.Run(tape, model, opt, x, labels[count++ % labels.Length]);
        // Warm up for WarmUpSeconds (at most the time budget, so a quick check stays quick): tiered compilation replaces the first, unoptimized code of hot methods only after
        // 30 calls and 100 ms without new tier-0 code, compiling on a background thread that competes with the workers.
        var clock = Stopwatch.StartNew();
        do
            Step();
        while (clock.Elapsed.TotalSeconds < Math.Min(WarmUpSeconds, seconds));
        clock.Restart();
        Step();
        int steps = (int)Math.Clamp(seconds / 5 / Math.Max(clock.Elapsed.TotalSeconds, 1e-6), 1, 100_000);
        var rates = new double[5];
        for (int round = 0; round < rates.Length; round++)
        {
            clock.Restart();
            for (int i = 0; i < steps; i++)
                Step();
            rates[round] = steps * batch / clock.Elapsed.TotalSeconds;
        }
        Array.Sort(rates);
        return rates[rates.Length / 2];
    }
}
