using System.Globalization;
using System.Runtime.InteropServices;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Tensors;

namespace InitLab.Training;

/// <summary>Saves and restores a trainer's complete state as one <c>.safetensors</c> file.</summary>
/// <remarks>
/// Tensors: every parameter and buffer under its model name (<c>layers.0.weight</c>, <c>layers.1.running_mean</c>: the
/// layout of a PyTorch <c>state_dict</c>), and the optimizer state under <c>optimizer.</c> + its name
/// (<c>optimizer.layers.0.weight.exp_avg</c>), with <c>--restore-best</c> the weights of the best epoch under <c>best.</c> + their
/// name, with <c>--ema</c> the averaged weights under <c>ema.</c> + their name, and the training loss of every step as <c>history.train_loss</c> [steps]. Metadata: <c>format</c>, <c>epoch</c>, <c>step</c>, <c>config</c> (JSON) and
/// <c>history</c> (the metrics rows). Values are float32 bit patterns, so a restore is exact.
/// </remarks>
public static class Checkpoint
{
    /// <summary>The <c>format</c> metadata value.</summary>
    public const string Format = "initlab-checkpoint-1";

    const string OptimizerPrefix = "optimizer.";

    /// <summary>The prefix of the copy of the best epoch's weights (<c>--restore-best</c>, <see cref="EarlyStopping"/>).</summary>
    const string BestPrefix = "best.";

    /// <summary>The prefix of the moving average of the weights (<c>--ema</c>, <see cref="ExponentialMovingAverage"/>).</summary>
    const string EmaPrefix = "ema.";

    /// <summary>The prefix of the stochastic weight average (<c>--swa</c>, <see cref="StochasticWeightAveraging"/>).</summary>
    const string SwaPrefix = "swa.";

    /// <summary>The tensor holding <see cref="Trainer.StepLosses"/>.</summary>
    const string StepLossTensor = "history.train_loss";

    /// <summary>Whether <paramref name="name"/> is training state (optimizer, best weights, loss history) rather than a model parameter or buffer.</summary>
    public static bool IsTrainingState(string name) =>
        name.StartsWith(OptimizerPrefix, StringComparison.Ordinal) || name.StartsWith(BestPrefix, StringComparison.Ordinal) || name.StartsWith(EmaPrefix, StringComparison.Ordinal) || name.StartsWith(SwaPrefix, StringComparison.Ordinal) || name == StepLossTensor;

    /// <summary>Writes the trainer's state to <paramref name="path"/> atomically.</summary>
    public static void Save(Trainer trainer, string path)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var tensors = new List<SafeTensor>();
        foreach (var p in trainer.Model.Parameters)
            tensors.Add(ToSafe(p.Name, p.Value));
        foreach (var (name, value) in trainer.Model.Buffers)
            tensors.Add(ToSafe(name, value));
        foreach (var (name, value) in trainer.Optimizer.State)
            tensors.Add(ToSafe(OptimizerPrefix + name, value));
        if (trainer.EarlyStopping is { Best.Count: > 0 } watcher)
            foreach (var (name, value) in EarlyStopping.Tensors(trainer.Model))
                tensors.Add(new SafeTensor(BestPrefix + name, DType.Float32, value.Shape.ToArray(), MemoryMarshal.AsBytes(watcher.Best[name].AsSpan()).ToArray()));
        foreach (var (name, value) in trainer.Ema?.State ?? [])
            tensors.Add(ToSafe(EmaPrefix + name, value));
        foreach (var (name, value) in trainer.Swa?.State ?? [])
            tensors.Add(ToSafe(SwaPrefix + name, value));
        float[] losses = [.. trainer.StepLosses];
        tensors.Add(new SafeTensor(StepLossTensor, DType.Float32, [losses.Length], MemoryMarshal.AsBytes(losses.AsSpan()).ToArray()));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["epoch"] = trainer.CompletedEpochs.ToString(CultureInfo.InvariantCulture),
            ["step"] = trainer.Step.ToString(CultureInfo.InvariantCulture),
            ["config"] = trainer.Config.ToJson(),
            ["history"] = string.Join("\n", trainer.History.Select(h => h.ToCsv())),
        };
        SafeTensors.Write(path, tensors, metadata);
    }

    /// <summary>Writes the stochastic weight average as a model's weights to <paramref name="path"/> atomically: the averaged parameters and the batch-norm statistics recomputed for them, under the model's own names (so <c>--init-from</c> reads it).</summary>
    /// <exception cref="InvalidOperationException">The run has no SWA, or it has not averaged yet.</exception>
    public static void SaveSwaModel(Trainer trainer, string path)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (trainer.Swa is not { Count: > 0 } swa)
            throw new InvalidOperationException("the run has no stochastic weight average yet (--swa START, after epoch START).");
        var tensors = swa.State.Concat(swa.Buffers).Select(t => ToSafe(t.Name, t.Value)).ToList();
        SafeTensors.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "initlab-swa-1",
            ["swa"] = swa.Spec.ToString(),
            ["averaged_epochs"] = swa.Count.ToString(CultureInfo.InvariantCulture),
            ["epoch"] = trainer.CompletedEpochs.ToString(CultureInfo.InvariantCulture),
            ["config"] = trainer.Config.ToJson(),
        });
    }

    /// <summary>Loads <paramref name="path"/> into <paramref name="trainer"/>, which must have been built from the same config (the epoch total may differ).</summary>
    /// <returns>The number of completed epochs the checkpoint holds.</returns>
    /// <exception cref="InvalidDataException">The file is not an InitLab checkpoint, belongs to another config, lacks a tensor, or a tensor holds NaN or ±∞ (named with its index).</exception>
    public static int Restore(Trainer trainer, string path)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var (metadata, tensors) = SafeTensors.Read(path);
        if (!metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"'{path}' is not an InitLab checkpoint (format '{format}', expected '{Format}').");
        if (TrainingConfig.FromJson(metadata["config"], path) is var saved && (saved with { Epochs = 1 }).ToJson() != (trainer.Config with { Epochs = 1 }).ToJson())
            throw new InvalidDataException($"'{path}' was written by another run configuration; resume with the run's own config.json.");
        var byName = tensors.ToDictionary(t => t.Name);
        foreach (var p in trainer.Model.Parameters)
            Load(byName, p.Name, p.Value, path);
        foreach (var (name, value) in trainer.Model.Buffers)
            Load(byName, name, value, path);
        foreach (var (name, value) in trainer.Optimizer.State)
            Load(byName, OptimizerPrefix + name, value, path);
        trainer.Optimizer.StepCount = long.Parse(metadata["step"], CultureInfo.InvariantCulture);
        if (trainer.Ema is { } ema)
        {
            foreach (var (name, value) in ema.State)
                Load(byName, EmaPrefix + name, value, path);
            // The average is updated after every step, so it has taken as many updates as the optimizer has steps.
            ema.Count = trainer.Optimizer.StepCount;
        }
        if (trainer.Swa is { } swa)
        {
            foreach (var (name, value) in swa.State)
                Load(byName, SwaPrefix + name, value, path);
            // One update per epoch from the start epoch on; the batch-norm statistics are recomputed at the next update.
            swa.Count = swa.CountAfter(int.Parse(metadata["epoch"], CultureInfo.InvariantCulture));
        }
        var history = metadata["history"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(EpochMetrics.FromCsv).ToList();
        int epoch = int.Parse(metadata["epoch"], CultureInfo.InvariantCulture);
        if (history.Count != epoch)
            throw new InvalidDataException($"'{path}': epoch {epoch} but {history.Count} metrics rows.");
        // Checkpoints written before the per-step losses were kept have none: those steps read as NaN.
        long step = trainer.Optimizer.StepCount;
        float[] losses = byName.TryGetValue(StepLossTensor, out var kept) && kept.DType == DType.Float32 && kept.Shape is [var n] && n == step
            ? MemoryMarshal.Cast<byte, float>(kept.Data).ToArray()
            : byName.ContainsKey(StepLossTensor)
                ? throw new InvalidDataException($"'{path}': {StepLossTensor} is not a float32 vector of {step} steps.")
                : Enumerable.Repeat(float.NaN, checked((int)step)).ToArray();
        trainer.Restore(history, losses);
        if (trainer.EarlyStopping is { RestoreBest: true, BestEpoch: > 0 } watcher)
            foreach (var (name, value) in EarlyStopping.Tensors(trainer.Model))
            {
                var copy = new Tensor(value.Shape.ToArray());
                Load(byName, BestPrefix + name, copy, path);
                watcher.SetBest(name, copy.Span);
            }
        return epoch;
    }

    static SafeTensor ToSafe(string name, Tensor value) =>
        new(name, DType.Float32, value.Shape.ToArray(), MemoryMarshal.AsBytes(value.Span).ToArray());

    static void Load(Dictionary<string, SafeTensor> tensors, string name, Tensor destination, string path)
    {
        if (!tensors.TryGetValue(name, out var t) || t.DType != DType.Float32 || !t.Shape.AsSpan().SequenceEqual(destination.Shape))
            throw new InvalidDataException($"'{path}' has no float32 tensor '{name}' of shape [{string.Join(", ", destination.Shape.ToArray())}].");
        var values = MemoryMarshal.Cast<byte, float>(t.Data);
        // A checkpoint is written only after a finite step, so a NaN here is corruption: name it rather than train on it.
        FiniteValues.Require(values, name, t.Shape, path);
        values.CopyTo(destination.Span);
    }
}
