using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Nn;
using InitLab.Training;

namespace InitLab.Diagnostics;

/// <summary>Initializes any module from scheme texts through the engine's <see cref="InitPlan"/>, and a model with a model-level initializer, as <c>initlab train</c> does.</summary>
public static class ModelInitialization
{
    /// <summary>The stream of the batch that a data-dependent initializer (LSUV, weight-norm) measures when the inputs are N(0, 1).</summary>
    public const string InitBatchStream = "probe.init-batch";

    /// <summary>The stream of the held-out batch on which the initializer's result is checked when the inputs are N(0, 1).</summary>
    public const string HeldOutStream = "probe.held-out";

    /// <summary>Initializes a model's weights with <paramref name="weights"/> and its biases with <paramref name="biases"/> through the engine's <see cref="InitPlan"/>.</summary>
    /// <exception cref="ArgumentException">A scheme text is malformed or does not suit a parameter.</exception>
    public static void Apply(Module model, string weights, string biases, ulong seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        InitPlan.Parse(Config(model.Describe(), weights, biases)).Apply([.. model.Parameters()], seed, threads);
    }

    /// <summary>Initializes <paramref name="model"/> (built through <see cref="ModelInit.Prepare"/> or <see cref="ModelInit.Build"/>) per tensor, then runs the model-level initializer.</summary>
    /// <remarks>
    /// The steps of <c>initlab train</c> without μP: every weight gets the initializer's base scheme (orthogonal for LSUV)
    /// or the per-tensor scheme <see cref="ModelInit.Init"/> names, every bias <paramref name="biases"/>; then the
    /// initializer adjusts them on <paramref name="context"/>'s batches.
    /// </remarks>
    /// <returns>The initializer's report, or null when <see cref="ModelInit.Init"/> names a per-tensor scheme.</returns>
    /// <exception cref="ArgumentException">A scheme does not suit a parameter, the model does not suit the initializer, or it needs a batch the context lacks.</exception>
    public static ModelInitReport? Apply(Model model, ModelInit init, string biases, ulong seed, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(context);
        InitPlan.Parse(Config(model.Spec.ToString(), init.Init, biases).PerTensor(init)).Apply(model.Parameters, seed, context.Threads);
        return init.Initializer?.Apply(model, context);
    }

    /// <summary>The context for N(0, 1) inputs: when the initializer needs data, an init batch and a held-out batch of <see cref="ModelInitOptions.InitBatch"/> samples each.</summary>
    /// <remarks>The two batches are independent: they come from the streams <see cref="InitBatchStream"/> and <see cref="HeldOutStream"/>, and the probed batch from a third (<see cref="ProbeBatch.InputStream"/>).</remarks>
    public static ModelInitContext GaussianContext(Model model, ModelInit init, ulong seed, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(init);
        if (init.Initializer is not { NeedsData: true })
            return new ModelInitContext(Threads: threads, Seed: seed);
        int count = init.Options.InitBatch;
        return new ModelInitContext(ProbeBatch.Gaussian(count, model.InputShape, seed, InitBatchStream).Input,
            ProbeBatch.Gaussian(count, model.InputShape, seed, HeldOutStream).Input, threads, Seed: seed);
    }

    // InitPlan reads only the init fields of a config; data and model name what the probe runs on.
    static TrainingConfig Config(string model, string weights, string biases) => new() { Data = "probe", Model = model, Init = weights, BiasInit = biases };
}
