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
/// visits the training set in <see cref="Shuffle"/>'s order for (seed, e), augmentation draws come from (seed, e, image), dropout and DropConnect masks come from (seed, layer, step), and
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
    readonly Augmentation? _augmentation;
    readonly Curriculum? _curriculum;
    readonly int[] _batchIndices;
    readonly Optim.Schedules.ScheduleText _schedule;
    readonly float[]? _classWeights;
    readonly Regularization _regularization;
    readonly float _black;
    readonly Tape _tape, _evalTape;
    readonly Tape? _bnTape;
    readonly double _swaInitialRate;
    readonly Dictionary<int, Tensor> _inputs = [];
    readonly int[] _targets;
    readonly List<EpochMetrics> _history = [];
    readonly List<float> _stepLosses = [];

    /// <summary>Builds and initializes the model and its optimizer.</summary>
    /// <param name="config">The run; validated here.</param>
    /// <param name="data">The training and test images, before <see cref="TrainingConfig.Classes"/> and <see cref="TrainingConfig.PerClass"/> select from them.</param>
    /// <param name="threads">Worker threads (0 = every logical processor); the results do not depend on it.</param>
    /// <exception cref="ArgumentException">The config is invalid or does not fit the data.</exception>
    public Trainer(TrainingConfig config, DataSplits data, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        Config = config.Validate();
        var whole = data;
        data = Config.Select(data);
        _data = data;
        var train = data.Train;
        if (Config.Validation > 0)
        {
            (train, var validation) = ValidationSplit.Split(data.Train, Config.Seed, Config.Validation);
            _validation = new BatchLoader(validation, EvaluationBatch, config.Seed, shuffle: false);
            EarlyStopping = new EarlyStopping(Config.Patience, Config.RestoreBest);
        }
        train = Rebalance(Config, train);
        _classWeights = Config.ClassWeights is null ? null : Rebalancing.BalancedWeights(train.ClassCounts());
        if (Config.Augment is { } augment)
        {
            _augmentation = Augmentation.Parse(augment);
            _augmentation.CheckFits(train.Height, train.Width);
            _black = train.Normalization.Table()[0];
        }
        (Model, var modelInit, Initialization, var Build) = BuildModel(Config, train, threads);
        ModelInitialization = modelInit.Apply(Model, data, config.Seed, threads, config.Optimizer.IsAdaptive ? MuOptimizer.Adam : MuOptimizer.Sgd, Build);
        LoadReport = Config.InitFrom?.Apply(Model, Initialization);
        Optimizer = Config.CreateOptimizer(Model.Parameters);
        _regularization = Regularization.Of(Config, Model);
        if (Config.Curriculum is not null)
            _curriculum = Curriculum.Create(Config, whole, train,
                Config.Validation > 0 ? ValidationSplit.Indices(Config.Seed, data.Train.Count, Config.Validation).Train : [.. Enumerable.Range(0, data.Train.Count)], threads);
        _batchIndices = new int[config.Batch];
        if (Config.Teacher is not null)
            Distillation = Distillation.Load(Config, whole, threads);
        _train = new BatchLoader(train, config.Batch, config.Seed, shuffle: true);
        _test = new BatchLoader(data.Test, EvaluationBatch, config.Seed, shuffle: false);
        _tape = new Tape(threads) { Seed = config.Seed, Precision = Config.Precision };
        _evalTape = new Tape(threads, training: false) { Precision = Config.Precision };
        _targets = new int[Math.Max(config.Batch, EvaluationBatch)];
        TotalSteps = config.Steps ?? (long)config.Epochs * _train.BatchCount;
        if (config.Steps is long steps && (steps > (long)config.Epochs * _train.BatchCount || steps <= (long)(config.Epochs - 1) * _train.BatchCount))
            throw new ArgumentException($"--steps = {steps} does not fall in epoch {config.Epochs} of {_train.BatchCount} steps each; " +
                                        $"with --steps give --epochs {(steps + _train.BatchCount - 1) / _train.BatchCount} (or omit --epochs).");
        _schedule = Config.ParseSchedule();
        Ema = Config.Ema is double decay ? new ExponentialMovingAverage(Model.Parameters, decay) : null;
        if (Config.ParseSwa() is { } swa)
        {
            Swa = new StochasticWeightAveraging(Model.Parameters, swa);
            _bnTape = new Tape(threads) { Seed = config.Seed, Precision = Config.Precision };
            _swaInitialRate = _schedule.LearningRateAt(Config.LearningRate, (long)(swa.Start - 1) * _train.BatchCount, TotalSteps, _train.BatchCount);
        }
        if (_schedule.FirstNonPositive(Config.LearningRate, TotalSteps, _train.BatchCount) is { } bad)
            throw new ArgumentException($"--lr-schedule = '{Config.LrSchedule}' gives learning rate {bad.Rate} at step {bad.Step} of {TotalSteps}; " +
                                        "every step needs a rate > 0 (raise eta-min, gamma or base-lr, or shorten the run).");
    }

    /// <summary>The curriculum (<see cref="TrainingConfig.Curriculum"/>), or null for shuffled epochs.</summary>
    public Curriculum? Curriculum => _curriculum;

    /// <summary>The teacher of knowledge distillation (<see cref="TrainingConfig.Teacher"/>), or null.</summary>
    public Distillation? Distillation { get; }

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

    /// <summary>The moving average of the weights (<see cref="TrainingConfig.Ema"/>), or null.</summary>
    public ExponentialMovingAverage? Ema { get; }

    /// <summary>The stochastic weight average (<see cref="TrainingConfig.Swa"/>), or null.</summary>
    public StochasticWeightAveraging? Swa { get; }

    /// <summary>The optimizer steps the run takes: <see cref="TrainingConfig.Steps"/>, or epochs × batches.</summary>
    public long TotalSteps { get; }

    /// <summary>The training loss of every step taken, in order (restored with a checkpoint).</summary>
    public IReadOnlyList<float> StepLosses => _stepLosses;

    /// <summary>The training set after <see cref="TrainingConfig.Imbalance"/>, <see cref="TrainingConfig.Oversample"/> and <see cref="TrainingConfig.Smote"/>, in that order.</summary>
    static Dataset Rebalance(TrainingConfig config, Dataset train)
    {
        if (config.Imbalance is double ratio)
            train = train.Subset(Rebalancing.LongTail(train, config.Seed, ratio), train.Name + " (long-tailed)");
        if (config.Oversample)
            train = train.Subset(Rebalancing.Oversample(train, config.Seed), train.Name + " (oversampled)");
        if (config.Smote is int k)
            train = Rebalancing.Smote(train, config.Seed, k);
        return train;
    }

    /// <summary>The class weights of the loss (<c>--class-weights balanced</c>), or null.</summary>
    public IReadOnlyList<float>? ClassWeights => _classWeights;

    /// <summary>Builds <paramref name="config"/>'s model for <paramref name="train"/>'s images and initializes every parameter by the plan (not yet the model-level initializer).</summary>
    static (Model Model, ModelInit Init, IReadOnlyList<InitRecord> Records, Func<ModelSpec, Model> Build) BuildModel(TrainingConfig config, Dataset train, int threads)
    {
        var modelInit = new ModelInit(config.Init, config.InitOptions);
        Model Build(ModelSpec spec) => ModelBuilder.Build(spec, config.ModelOptions(), train.Channels, train.Height, train.Width);
        var model = modelInit.Build(config.ParseModel(), Build);
        if (model.Spec.Classes != train.Classes)
            throw new ArgumentException($"model '{model.Spec}' has {model.Spec.Classes} classes, but {train.Name} has {train.Classes}; end the spec with {train.Classes}.");
        if (config.DropConnect > 0 && !model.Layers.Modules().OfType<Nn.Linear>().Any(l => l.DropConnect > 0))
            throw new ArgumentException($"--dropconnect = {config.DropConnect} masks the hidden fully connected layers, but model '{model.Spec}' has none; add one (e.g. mlp:784-256-10).");
        var records = InitPlan.Parse(config.PerTensor(modelInit)).Apply(model.Parameters, config.Seed, threads);
        return (model, modelInit, records, Build);
    }

    /// <summary>Checks that <paramref name="config"/> builds and initializes on <paramref name="train"/>'s images (of <see cref="TrainingConfig.Classes"/>), and loads its <c>--init-from</c> weights, without the data-dependent initializers or training: what a grid checks of every cell before its first run.</summary>
    /// <exception cref="ArgumentException">The config is invalid, does not fit the data, a scheme does not suit a parameter, or the weights do not map.</exception>
    /// <exception cref="InvalidDataException">The <c>--init-from</c> weights are missing or corrupt.</exception>
    public static void Check(TrainingConfig config, Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        config = config.Validate();
        if (config.Classes is not null)
            train = ClassSubset.Apply(new DataSplits(train, train, train.Name), config.Classes, null, config.Seed).Train;
        var (model, _, records, _) = BuildModel(config, train, threads: 1);
        config.InitFrom?.Apply(model, records);
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

    /// <summary>The test images: the test set of <see cref="TrainingConfig.Classes"/>.</summary>
    public Dataset TestSet => _test.Dataset;

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
        int clipped = 0;
        double normSum = 0, normMax = 0;
        int batches = (int)Math.Min(_train.BatchCount, TotalSteps - Optimizer.StepCount);
        for (int b = 0; b < batches; b++)
        {
            cancel.ThrowIfCancellationRequested();
            int size = _train.SizeOf(b);
            var indices = _batchIndices.AsSpan(0, size);
            if (_curriculum is null)
                order.AsSpan(b * _train.BatchSize, size).CopyTo(indices);
            else
                _curriculum.Batch(Optimizer.StepCount, TotalSteps, indices);
            var x = Gather(_train.Dataset, indices);
            _augmentation?.Apply(Config.Seed, epochIndex, indices, x.Value.Span, _train.Dataset.Height, _train.Dataset.Width, _black);
            Optimizer.LearningRate = Swa is { Spec.Lr: not null } swa && swa.Averages(epochIndex + 1)
                ? swa.Spec.LearningRate(epochIndex + 1 - swa.Spec.Start, _swaInitialRate)
                : _schedule.LearningRateAt(Config.LearningRate, Optimizer.StepCount, TotalSteps, _train.BatchCount);
            var (value, logits, norm, clip) = TrainingStep.Run(_tape, Model, Optimizer, x, _targets.AsSpan(0, size), Distillation, _classWeights, _regularization);
            (normSum, normMax, clipped) = (normSum + norm, Math.Max(normMax, norm), clipped + (clip ? 1 : 0));
            Ema?.Update();
            _stepLosses.Add(value);
            lossSum += (double)value * size;
            correct += Correct(logits.Value, _targets.AsSpan(0, size));
            seen += size;
            progress?.Invoke(new TrainingProgress(epochIndex + 1, b + 1, batches, lossSum / seen, (double)correct / seen,
                seen / clock.Elapsed.TotalSeconds, Optimizer.StepCount));
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;
        var (testLoss, testAccuracy, testClasses) = Evaluate(_test);
        var (valLoss, valAccuracy, _) = _validation is null ? (double.NaN, double.NaN, []) : Evaluate(_validation);
        var metrics = new EpochMetrics(epochIndex + 1, Optimizer.StepCount, lossSum / seen, (double)correct / seen, testLoss, testAccuracy,
            seen / trainSeconds, clock.Elapsed.TotalSeconds, valLoss, valAccuracy, BalancedAccuracy(testClasses),
            clipped, (double)clipped / batches, normSum / batches, normMax);
        if (Ema is not null)
        {
            Ema.Swap();
            var (emaLoss, emaAccuracy, _) = Evaluate(_test);
            Ema.Swap();
            metrics = metrics with { EmaTestLoss = emaLoss, EmaTestAccuracy = emaAccuracy };
        }
        if (Swa is not null && Swa.Averages(epochIndex + 1))
        {
            Swa.Update();
            var (swaLoss, swaAccuracy) = EvaluateSwa();
            metrics = metrics with { SwaTestLoss = swaLoss, SwaTestAccuracy = swaAccuracy };
        }
        _history.Add(metrics);
        EarlyStopping?.Observe(metrics, Model);
        return metrics;
    }

    /// <summary>Evaluates the stochastic weight average on the test set, with batch-norm statistics recomputed for it by one pass over the training set, and keeps those statistics in <see cref="StochasticWeightAveraging.Buffers"/>; the live weights and buffers are restored.</summary>
    /// <remarks>The pass visits the training images in index order in batches of <see cref="TrainingConfig.Batch"/>, without augmentation.</remarks>
    (double Loss, double Accuracy) EvaluateSwa()
    {
        var swa = Swa!;
        var live = Model.Buffers.Select(b => b.Value.Clone()).ToList();
        swa.Swap();
        try
        {
            var order = Enumerable.Range(0, _train.Dataset.Count).ToArray();
            int size = _train.BatchSize;
            var batches = Enumerable.Range(0, (order.Length + size - 1) / size)
                .Select(b => Gather(_train.Dataset, order.AsSpan(b * size, Math.Min(size, order.Length - b * size))));
            StochasticWeightAveraging.UpdateBatchNorm(Model, _bnTape!, batches);
            swa.Buffers = [.. Model.Buffers.Select(b => (b.Name, b.Value.Clone()))];
            var (loss, accuracy, _) = Evaluate(_test);
            return (loss, accuracy);
        }
        finally
        {
            swa.Swap();
            foreach (var (buffer, saved) in Model.Buffers.Zip(live))
                saved.Span.CopyTo(buffer.Value.Span);
        }
    }

    /// <summary>The mean loss and the accuracy on the test set, in evaluation mode (running statistics, no dropout).</summary>
    public (double Loss, double Accuracy) Evaluate()
    {
        var (loss, accuracy, _) = Evaluate(_test);
        return (loss, accuracy);
    }

    /// <summary>The test accuracy of each class: the fraction of its test images classified correctly (NaN for a class with none).</summary>
    public double[] TestClassAccuracy() => Evaluate(_test).ClassAccuracy;

    /// <summary>The balanced accuracy: the mean over classes with test images of their accuracy (Brodersen et al. 2010).</summary>
    public static double BalancedAccuracy(IEnumerable<double> classAccuracy) => classAccuracy.Where(a => !double.IsNaN(a)).Average();

    (double Loss, double Accuracy, double[] ClassAccuracy) Evaluate(BatchLoader loader)
    {
        var order = loader.Order(0);
        double lossSum = 0;
        long correct = 0;
        int classes = loader.Dataset.Classes;
        var hits = new long[classes];
        var totals = new long[classes];
        for (int b = 0; b < loader.BatchCount; b++)
        {
            var (x, size) = Load(loader, order, b);
            _evalTape.Reset();
            var logits = Model.Forward(_evalTape, x);
            lossSum += (double)Ops.SoftmaxCrossEntropy(_evalTape, "loss", logits, _targets.AsSpan(0, size)).Value.Span[0] * size;
            ReadOnlySpan<float> z = logits.Value.Span;
            for (int r = 0; r < size; r++)
            {
                int target = _targets[r];
                totals[target]++;
                if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(z.Slice(r * classes, classes)) == target)
                    (hits[target], correct) = (hits[target] + 1, correct + 1);
            }
        }
        var perClass = Enumerable.Range(0, classes).Select(c => totals[c] == 0 ? double.NaN : (double)hits[c] / totals[c]).ToArray();
        return (lossSum / loader.Dataset.Count, (double)correct / loader.Dataset.Count, perClass);
    }

    /// <summary>The model's softmax probabilities on every test image, in evaluation mode: [test images × classes], row-major.</summary>
    public float[] TestProbabilities()
    {
        int classes = _data.Test.Classes;
        var probabilities = new float[(long)_data.Test.Count * classes];
        var order = _test.Order(0);
        for (int b = 0, row = 0; b < _test.BatchCount; b++)
        {
            var (x, size) = Load(_test, order, b);
            _evalTape.Reset();
            ReadOnlySpan<float> z = Model.Forward(_evalTape, x).Value.Span;
            for (int r = 0; r < size; r++, row++)
                System.Numerics.Tensors.TensorPrimitives.SoftMax(z.Slice(r * classes, classes), probabilities.AsSpan(row * classes, classes));
        }
        return probabilities;
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
        return (Gather(loader.Dataset, order.AsSpan(batch * loader.BatchSize, size)), size);
    }

    /// <summary>The images at <paramref name="indices"/> as a batch (reusing one input tensor per batch size); their labels go to the targets buffer.</summary>
    Variable Gather(Dataset dataset, ReadOnlySpan<int> indices)
    {
        if (!_inputs.TryGetValue(indices.Length, out var input))
            _inputs[indices.Length] = input = new Tensor([indices.Length, .. Model.InputShape]);
        dataset.Gather(indices, input.Span, _targets);
        return new Variable(input, requiresGrad: false);
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
