using InitLab.Nn;
using InitLab.Training;

namespace InitLab.Diagnostics;

/// <summary>Initializes any module from scheme texts through the engine's <see cref="InitPlan"/>, as <c>initlab train</c> does.</summary>
public static class ModelInitialization
{
    /// <summary>Initializes a model's weights with <paramref name="weights"/> and its biases with <paramref name="biases"/> through the engine's <see cref="InitPlan"/>.</summary>
    /// <exception cref="ArgumentException">A scheme text is malformed or does not suit a parameter.</exception>
    public static void Apply(Module model, string weights, string biases, ulong seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        // InitPlan reads only the init fields of a config; data and model name what the probe runs on.
        var config = new TrainingConfig { Data = "probe", Model = model.Describe(), Init = weights, BiasInit = biases };
        InitPlan.Parse(config).Apply([.. model.Parameters()], seed, threads);
    }
}
