using InitLab.Data;
using InitLab.Init.MuP;
using InitLab.Models;
using InitLab.Models.Spec;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Init.Network;

/// <summary>The model-level part of a run's initialization: the <c>--init</c> model initializer (if it names one) and the parametrization.</summary>
/// <remarks>
/// A trainer uses it in three steps around the per-parameter plan:
/// <code>
/// var init = new ModelInit(config.Init, config.InitOptions);
/// var model = init.Build(spec, build);                 // the initializer's architecture (ReZero α, Fixup scalars, …)
/// plan.Apply(model.Parameters, seed);                  // per tensor; weights use init.Initializer.BaseScheme
/// var reports = init.Apply(model, data, seed, threads, optimizer, build);   // the initializer, then μP
/// </code>
/// The init batch is the first <see cref="ModelInitOptions.InitBatch"/> training images in epoch 1's shuffled order
/// (<see cref="Shuffle"/>); the held-out batch is the first as many test images. A probe fed N(0, 1) inputs has no
/// dataset: it calls <see cref="Prepare"/>, then <c>Diagnostics.ModelInitialization.Apply</c> with Gaussian batches.
/// </remarks>
public sealed class ModelInit
{
    /// <summary>Resolves <paramref name="init"/> (<c>--init</c>) and validates <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or a model initializer was given arguments.</exception>
    public ModelInit(string init, ModelInitOptions options)
    {
        ArgumentNullException.ThrowIfNull(init);
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        Initializer = ModelInitializers.Create(init, Options);
        if (Initializer is Learned.GradInit or Learned.MetaInit && Options.Parametrization == Parametrization.Mup)
            throw new ArgumentException($"--init {Initializer.Name} cannot be combined with --parametrization mup: μP would rescale the learned scales afterwards.");
        Init = init;
    }

    /// <summary>The <c>--init</c> text: a model initializer's name or a per-tensor scheme.</summary>
    public string Init { get; }

    /// <summary>The model initializer, or null when <c>--init</c> names a per-tensor scheme.</summary>
    public ModelInitializer? Initializer { get; }

    /// <summary>The settings.</summary>
    public ModelInitOptions Options { get; }

    /// <summary>Builds <paramref name="spec"/> with <paramref name="build"/> and gives it the initializer's architecture.</summary>
    public Model Build(ModelSpec spec, Func<ModelSpec, Model> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        return Prepare(build(spec));
    }

    /// <summary>Gives an already built <paramref name="model"/> the initializer's architecture (the model itself when there is none to add).</summary>
    public Model Prepare(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Initializer?.Prepare(model) ?? model;
    }

    /// <summary>Runs the initializer on the per-tensor-initialized <paramref name="model"/>, then μP; returns their reports (empty when neither applies).</summary>
    /// <param name="model">The model from <see cref="Build"/>, its parameters initialized.</param>
    /// <param name="data">The data; a batch is drawn only when the initializer needs one.</param>
    /// <param name="seed">The run's seed (it orders the init batch).</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="optimizer">Which learning-rate rules μP sets.</param>
    /// <param name="build">Builds a spec (μP's base model).</param>
    public IReadOnlyList<ModelInitReport> Apply(Model model, DataSplits data, ulong seed, int threads, MuOptimizer optimizer, Func<ModelSpec, Model> build)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var reports = new List<ModelInitReport>();
        if (Initializer is not null)
            reports.Add(Initializer.Apply(model, Context(model, data, seed, threads)));
        if (Options.Parametrization == Parametrization.Mup)
        {
            var baseSpec = SpecWidth.At(model.Spec, Options.BaseWidth ?? SpecWidth.Of(model.Spec));
            reports.Add(MuParametrization.Apply(model, Build(baseSpec, build), optimizer, Options.ZeroReadout));
        }
        return reports;
    }

    /// <summary>What the initializer may use on <paramref name="data"/>: the init batch and the held-out batch when it needs data (see the remarks), else threads only.</summary>
    /// <param name="model">The model (its input shape shapes the batches).</param>
    /// <param name="data">The data.</param>
    /// <param name="seed">The run's seed (it orders the init batch).</param>
    /// <param name="threads">Worker threads.</param>
    public ModelInitContext Context(Model model, DataSplits data, ulong seed, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        return Initializer switch
        {
            { NeedsData: true } => new ModelInitContext(Batch(data.Train, Shuffle.Permutation(seed, 0, data.Train.Count), model),
                Batch(data.Test, [.. Enumerable.Range(0, data.Test.Count)], model), threads, Seed: seed),
            { NeedsLabels: true } => new ModelInitContext(Threads: threads, Train: data.Train, Seed: seed),
            _ => new ModelInitContext(Threads: threads, Seed: seed),
        };
    }

    /// <summary>The first <see cref="ModelInitOptions.InitBatch"/> images of <paramref name="order"/> (fewer if the set is smaller), shaped for the model.</summary>
    Tensor Batch(Dataset set, int[] order, Model model)
    {
        int count = Math.Min(Options.InitBatch, set.Count);
        var images = new Tensor([count, .. model.InputShape]);
        set.Gather(order.AsSpan(0, count), images.Span, new int[count]);
        return images;
    }
}
