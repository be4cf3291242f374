using System.Diagnostics;
using System.Text.Json;
using InitLab.Data;
using InitLab.IO;
using InitLab.Training;

namespace InitLab.Lab;

/// <summary>Runs one run of a grid in its run directory: the init-time probe, then training from its last checkpoint, then result.json.</summary>
public static class RunExecutor
{
    /// <summary>The config a run trains with: with a step budget, the epoch count that holds it on <paramref name="data"/>.</summary>
    public static TrainingConfig Resolve(TrainingConfig config, DataSplits data)
    {
        if (config.Steps is not long steps)
            return config;
        long batches = new BatchLoader(config.Select(data).Train, config.Batch, config.Seed, shuffle: false).BatchCount;
        return config with { Epochs = checked((int)((steps + batches - 1) / batches)) };
    }

    /// <summary>Trains <paramref name="run"/> to the end (or to divergence) and writes its result.</summary>
    /// <exception cref="InvalidDataException">The run directory holds a run of another config.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled; the run continues from its last checkpoint next time.</exception>
    public static RunResult Execute(RunStore store, GridRun run, DataSplits data, int threads, Action<TrainingProgress>? progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        string path = store.RunPath(run);
        var config = Resolve(run.Config, data);
        var trainer = new Trainer(config, data, threads);
        RunDirectory directory;
        if (File.Exists(Path.Combine(path, RunDirectory.ConfigFile)))
        {
            var (opened, saved) = RunDirectory.Open(path);
            if (saved.ToJson() != config.ToJson())
                throw new InvalidDataException($"'{path}' holds a run of another config than cell {run.Cell.Key}, seed {run.Seed}; remove it to run it again.");
            directory = opened;
        }
        else
            directory = RunDirectory.Create(path, config);

        // The probe runs on the freshly initialized model, before a checkpoint is restored: it sees the initialization whether
        // or not the run was interrupted before.
        string probeFile = Path.Combine(path, RunStore.DiagnosticsFile);
        InitDiagnostics diagnostics;
        if (File.Exists(probeFile))
            diagnostics = JsonSerializer.Deserialize<InitDiagnostics>(File.ReadAllText(probeFile), ComparisonGrid.Json)
                          ?? throw new InvalidDataException($"'{probeFile}' is empty.");
        else
        {
            diagnostics = InitDiagnostics.Measure(trainer.Model, config.Select(data).Train, config.Seed, threads);
            AtomicFile.WriteText(probeFile, JsonSerializer.Serialize(diagnostics, ComparisonGrid.Json) + "\n");
        }
        if (trainer.ModelInitialization.Count > 0)
            AtomicFile.WriteText(Path.Combine(path, RunStore.ModelInitFile), JsonSerializer.Serialize(trainer.ModelInitialization, ComparisonGrid.Json) + "\n");
        directory.Restore(trainer);

        var status = RunStatus.Completed;
        TrainingDivergedException? diverged = null;
        while (!trainer.Finished)
        {
            try
            {
                trainer.RunEpoch(progress, cancel);
            }
            catch (TrainingDivergedException e)
            {
                (status, diverged) = (RunStatus.Diverged, e);
                break;
            }
            directory.Save(trainer);
            directory.DeleteCheckpointsBefore(trainer.CompletedEpochs);
        }
        var result = new RunResult(status, diverged?.Step, diverged?.Message, trainer.TestSet.Classes, [.. trainer.History], [.. trainer.StepLosses], diagnostics,
            UnitSymmetry.Of(trainer.Model.Parameters), clock.Elapsed.TotalSeconds);
        AtomicFile.WriteText(Path.Combine(path, RunStore.ResultFile), result.ToJson() + "\n");
        return result;
    }
}
