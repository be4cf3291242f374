using System.Diagnostics;
using InitLab.Autograd;
using InitLab.Data;
using InitLab.Init.MuP;
using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Optim;
using InitLab.Tensors;

namespace InitLab.Training;

/// <summary>Where training is within an epoch, reported after every step.</summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The running mean training loss of the epoch.</param>
/// <param name="Accuracy">The running training accuracy of the epoch.</param>
/// <param name="SamplesPerSecond">Training images per second so far in the epoch.</param>
/// <param name="Step">Optimizer steps taken.</param>
public sealed record TrainingProgress(int Epoch, int Batch, int Batches, double Loss, double Accuracy, double SamplesPerSecond, long Step);

/// <summary>Trains a model on image classification with softmax cross-entropy, one epoch at a time, reproducibly.</summary>
/// <remarks>
/// Reproducibility: initialization streams are named by parameter (<c>RandomStream(seed, "layers.0.weight")</c>), epoch e
/// visits the training set in <see cref="Shuffle"/>'s order for (seed, e), dropout masks come from (seed, layer, step), and
/// every kernel and reduction runs in an order that does not depend on the thread count. So the same config gives the same
/// bits for any number of threads, and a run restored from the checkpoint of epoch e and replayed from there ends with the
/// same weights as a run that never stopped.
/// </remarks>
public sealed class Trainer
{
    /// <summary>Test images per evaluation batch: large enough for efficient GEMMs, small enough for modest activation memory.</summary>
    const int EvaluationBatch = 250;

    readonly DataSplits _data;
    readonly BatchLoader _train, _test;
    readonly BatchLoader? _validation;
    readonly Tape _tape, _evalTape;
    readonly Dictionary<int, Tensor> _inputs = [];
    readonly int[] _targets;
    readonly List<EpochMetrics> _history = [];
    readonly List<float> _stepLosses = [];

    /// <summary>Builds and initializes the model and its optimizer.</summary>
    /// <param name="config">The run; validated here.</param>
    /// <param name="data">The training and test images.</param>
    /// <param name="threads">Worker threads (0 = every logical processor); the results do not depend on it.</param>
    /// <exception cref="ArgumentException">The config is invalid or does not fit the data.</exception>
    public Trainer(TrainingConfig config, DataSplits data, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        Config = config.Validate();
        _data = data;
        var train = data.Train;
        if (Config.Validation > 0)
        {
            (train, var validation) = ValidationSplit.Split(data.Train, Config.Seed, Config.Validation);
            _validation = new BatchLoader(validation, EvaluationBatch, config.Seed, shuffle: false);
            EarlyStopping = new EarlyStopping(Config.Patience, Config.RestoreBest);
        }
        (Model, var modelInit, Initialization, var Build) = BuildModel(Config, train, threads);
        ModelInitialization = modelInit.Apply(Model, data, config.Seed, threads, config.Optimizer == OptimizerKind.Sgd ? MuOptimizer.Sgd : MuOptimizer.Adam, Build);
        LoadReport = Config.InitFrom?.Apply(Model, Initialization);
        Optimizer = Config.CreateOptimizer(Model.Parameters);
        _train = new BatchLoader(train, config.Batch, config.Seed, shuffle: true);
        _test = new BatchLoader(data.Test, EvaluationBatch, config.Seed, shuffle: false);
        _tape = new Tape(threads) { Seed = config.Seed };
        _evalTape = new Tape(threads, training: false);
        _targets = new int[Math.Max(config.Batch, EvaluationBatch)];
        TotalSteps = config.Steps ?? (long)config.Epochs * _train.BatchCount;
        if (config.Steps is long steps && (steps > (long)config.Epochs * _train.BatchCount || steps <= (long)(config.Epochs - 1) * _train.BatchCount))
            throw new ArgumentException($"--steps = {steps} does not fall in epoch {config.Epochs} of {_train.BatchCount} steps each; " +
                                        $"with --steps give --epochs {(steps + _train.BatchCount - 1) / _train.BatchCount} (or omit --epochs).");
    }

    /// <summary>The early-stopping watcher, or null without a validation split (<see cref="TrainingConfig.Validation"/>).</summary>
    public EarlyStopping? EarlyStopping { get; }

    /// <summary>Whether the run is over: every epoch has run, or early stopping has run out of patience.</summary>
    public bool Finished => CompletedEpochs >= Config.Epochs || EarlyStopping?.ShouldStop == true;

    /// <summary>Writes the weights of the epoch of lowest validation loss into <see cref="Model"/> (<c>--restore-best</c>).</summary>
    /// <returns>That epoch (1-based).</returns>
    /// <exception cref="InvalidOperationException">The run has no <c>--restore-best</c>, or no epoch has run.</exception>
    public int UseBestWeights()
    {
        if (EarlyStopping is not { RestoreBest: true } watcher)
            throw new InvalidOperationException("the run keeps no best weights; train it with --val and --restore-best.");
        watcher.CopyBestInto(Model);
        return watcher.BestEpoch;
    }

    /// <summary>The optimizer steps the run takes: <see cref="TrainingConfig.Steps"/>, or epochs × batches.</summary>
    public long TotalSteps { get; }

    /// <summary>The training loss of every step taken, in order (restored with a checkpoint).</summary>
    public IReadOnlyList<float> StepLosses => _stepLosses;

    /// <summary>Builds <paramref name="config"/>'s model for <paramref name="train"/>'s images and initializes every parameter by the plan (not yet the model-level initializer).</summary>
    static (Model Model, ModelInit Init, IReadOnlyList<InitRecord> Records, Func<ModelSpec, Model> Build) BuildModel(TrainingConfig config, Dataset train, int threads)
    {
        var modelInit = new ModelInit(config.Init, config.InitOptions);
        Model Build(ModelSpec spec) => ModelBuilder.Build(spec, config.ModelOptions(), train.Channels, train.Height, train.Width);
        var model = modelInit.Build(config.ParseModel(), Build);
        if (model.Spec.Classes != train.Classes)
            throw new ArgumentException($"model '{model.Spec}' has {model.Spec.Classes} classes, but {train.Name} has {train.Classes}; end the spec with {train.Classes}.");
        var records = InitPlan.Parse(config.PerTensor(modelInit)).Apply(model.Parameters, config.Seed, threads);
        return (model, modelInit, records, Build);
    }

    /// <summary>Checks that <paramref name="config"/> builds and initializes on <paramref name="train"/>'s images, without the data-dependent initializers or training: what a grid checks of every cell before its first run.</summary>
    /// <exception cref="ArgumentException">The config is invalid, does not fit the data, or a scheme does not suit a parameter.</exception>
    public static void Check(TrainingConfig config, Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        BuildModel(config.Validate(), train, threads: 1);
    }

    /// <summary>The run's config.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The model being trained.</summary>
    public Model Model { get; }

    /// <summary>The optimizer (its state is part of a checkpoint).</summary>
    public Optimizer Optimizer { get; }

    /// <summary>What initialized each parameter.</summary>
    public IReadOnlyList<InitRecord> Initialization { get; }

    /// <summary>What the model-level initializer (<c>--init lsuv</c>, <c>fixup</c>, …) and μP did, in order; empty when neither ran.</summary>
    public IReadOnlyList<ModelInitReport> ModelInitialization { get; }

    /// <summary>What <c>--init-from</c> loaded into each parameter (<see cref="Pretrained.PretrainedInit"/>), or null without it.</summary>
    public Pretrained.LoadReport? LoadReport { get; }

    /// <summary>Epochs completed.</summary>
    public int CompletedEpochs => _history.Count;

    /// <summary>Optimizer steps taken.</summary>
    public long Step => Optimizer.StepCount;

    /// <summary>The metrics of every completed epoch.</summary>
    public IReadOnlyList<EpochMetrics> History => _history;

    /// <summary>The images trained on: the training set less the validation split.</summary>
    public Dataset TrainingSet => _train.Dataset;

    /// <summary>The validation split (<see cref="TrainingConfig.Validation"/>), or null.</summary>
    public Dataset? ValidationSet => _validation?.Dataset;

    /// <summary>Batches per training epoch.</summary>
    public int BatchesPerEpoch => _train.BatchCount;

    /// <summary>Trains one epoch, then evaluates on the test set.</summary>
    /// <param name="progress">Called after every step.</param>
    /// <param name="cancel">Checked before every step; cancelling leaves the model mid-epoch (resume from a checkpoint).</param>
    /// <exception cref="TrainingDivergedException">The loss, an activation or a gradient became NaN or ±∞.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled.</exception>
    public EpochMetrics RunEpoch(Action<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        int epochIndex = CompletedEpochs;
        var clock = Stopwatch.StartNew();
        var order = _train.Order(epochIndex);
        double lossSum = 0;
        long correct = 0, seen = 0;
        int batches = (int)Math.Min(_train.BatchCount, TotalSteps - Optimizer.StepCount);
        for (int b = 0; b < batches; b++)
        {
            cancel.ThrowIfCancellationRequested();
            var (x, size) = Load(_train, order, b);
            Optimizer.LearningRate = Config.LearningRateAt(Optimizer.StepCount, TotalSteps);
            var (value, logits) = TrainingStep.Run(_tape, Model, Optimizer, x, _targets.AsSpan(0, size));
            _stepLosses.Add(value);
            lossSum += (double)value * size;
            correct += Correct(logits.Value, _targets.AsSpan(0, size));
            seen += size;
            progress?.Invoke(new TrainingProgress(epochIndex + 1, b + 1, batches, lossSum / seen, (double)correct / seen,
                seen / clock.Elapsed.TotalSeconds, Optimizer.StepCount));
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;
        var (testLoss, testAccuracy) = Evaluate();
        var (valLoss, valAccuracy) = _validation is null ? (double.NaN, double.NaN) : Evaluate(_validation);
        var metrics = new EpochMetrics(epochIndex + 1, Optimizer.StepCount, lossSum / seen, (double)correct / seen, testLoss, testAccuracy,
            seen / trainSeconds, clock.Elapsed.TotalSeconds, valLoss, valAccuracy);
        _history.Add(metrics);
        EarlyStopping?.Observe(metrics, Model);
        return metrics;
    }

    /// <summary>The mean loss and the accuracy on the test set, in evaluation mode (running statistics, no dropout).</summary>
    public (double Loss, double Accuracy) Evaluate() => Evaluate(_test);

    (double Loss, double Accuracy) Evaluate(BatchLoader loader)
    {
        var order = loader.Order(0);
        double lossSum = 0;
        long correct = 0;
        for (int b = 0; b < loader.BatchCount; b++)
        {
            var (x, size) = Load(loader, order, b);
            _evalTape.Reset();
            var logits = Model.Forward(_evalTape, x);
            lossSum += (double)Ops.SoftmaxCrossEntropy(_evalTape, "loss", logits, _targets.AsSpan(0, size)).Value.Span[0] * size;
            correct += Correct(logits.Value, _targets.AsSpan(0, size));
        }
        return (lossSum / loader.Dataset.Count, (double)correct / loader.Dataset.Count);
    }

    /// <summary>Restores the state a checkpoint recorded: parameters, buffers, optimizer state and the metrics history.</summary>
    internal void Restore(IReadOnlyList<EpochMetrics> history, IReadOnlyList<float> stepLosses)
    {
        _history.Clear();
        _history.AddRange(history);
        _stepLosses.Clear();
        _stepLosses.AddRange(stepLosses);
        EarlyStopping?.Replay(history);
    }

    (Variable X, int Size) Load(BatchLoader loader, int[] order, int batch)
    {
        int size = loader.SizeOf(batch);
        if (!_inputs.TryGetValue(size, out var input))
            _inputs[size] = input = new Tensor([size, .. Model.InputShape]);
        loader.Load(order, batch, input.Span, _targets);
        return (new Variable(input, requiresGrad: false), size);
    }

    /// <summary>The number of rows whose first maximal logit is at the target class.</summary>
    static int Correct(Tensor logits, ReadOnlySpan<int> targets)
    {
        int classes = logits.Dim(1), correct = 0;
        ReadOnlySpan<float> z = logits.Span;
        for (int r = 0; r < targets.Length; r++)
            correct += System.Numerics.Tensors.TensorPrimitives.IndexOfMax(z.Slice(r * classes, classes)) == targets[r] ? 1 : 0;
        return correct;
    }
}
