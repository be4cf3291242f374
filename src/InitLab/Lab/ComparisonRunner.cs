using System.Diagnostics;
using InitLab.Data;
using InitLab.Training;

namespace InitLab.Lab;

/// <summary>What a comparison reports while it runs; every callback may come from any worker thread.</summary>
public sealed class ComparisonEvents
{
    /// <summary>A run starts (or resumes) in worker slot <c>slot</c>.</summary>
    public Action<GridRun, int>? Started { get; init; }

    /// <summary>A step of the run in slot <c>slot</c> finished.</summary>
    public Action<GridRun, int, TrainingProgress>? Step { get; init; }

    /// <summary>A run finished; <c>reused</c> is true when its result was already in the store.</summary>
    public Action<GridRun, int, RunResult, bool>? Finished { get; init; }
}

/// <summary>The outcome of a whole comparison.</summary>
/// <param name="Grid">The grid.</param>
/// <param name="Runs">Every run with its result, in grid order.</param>
/// <param name="Seconds">The comparison's wall time in this process, data loading included.</param>
/// <param name="RunSeconds">The sum of the runs' own times (<see cref="RunResult.Seconds"/>) of the runs this process executed.</param>
/// <param name="Executed">Runs executed in this process (the others were already finished).</param>
public sealed record ComparisonOutcome(ComparisonGrid Grid, IReadOnlyList<(GridRun Run, RunResult Result)> Runs, double Seconds, double RunSeconds, int Executed)
{
    /// <summary>The sum of every run's own time, in whichever process it ran (a resumed run counts the process that finished it).</summary>
    public double AllRunSeconds => Runs.Sum(r => r.Result.Seconds);
}

/// <summary>Runs every unfinished run of a grid, k at a time, in one process; the results do not depend on k or on the thread count.</summary>
/// <remarks>
/// Workers take runs in grid order from one shared counter; each run trains with <c>threads / k</c> kernel threads. A run's
/// numbers are a function of its config alone (<see cref="Trainer"/>), so any k gives the bits of a sequential comparison.
/// The first error stops every worker at its next step (their runs continue from their checkpoints with --resume) and is
/// rethrown.
/// </remarks>
public static class ComparisonRunner
{
    /// <summary>Runs the grid of <paramref name="store"/> on <paramref name="data"/>.</summary>
    /// <param name="store">The run store (its grid is run).</param>
    /// <param name="data">The grid's data.</param>
    /// <param name="threads">Kernel threads in all (0 = every logical processor), split evenly between the workers.</param>
    /// <param name="parallel">Runs at once, ≥ 1.</param>
    /// <param name="events">Progress callbacks, or null.</param>
    /// <param name="cancel">Stops the comparison at the next step of every run.</param>
    /// <param name="clock">A clock started before the data was loaded, for <see cref="ComparisonOutcome.Seconds"/>; null to start one here.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled.</exception>
    public static ComparisonOutcome Run(RunStore store, DataSplits data, int threads = 0, int parallel = 1, ComparisonEvents? events = null,
        CancellationToken cancel = default, Stopwatch? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        clock ??= Stopwatch.StartNew();
        var runs = store.Grid.Runs();
        var results = new RunResult?[runs.Count];
        int workers = Math.Min(parallel, Math.Max(1, runs.Count));
        int perRun = Math.Max(1, (threads == 0 ? Environment.ProcessorCount : threads) / workers);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        int next = -1, executed = 0;
        double runSeconds = 0;
        var errors = new List<Exception>();
        var gate = new object();

        void Work(int slot)
        {
            try
            {
                for (int i = Interlocked.Increment(ref next); i < runs.Count && !stop.IsCancellationRequested; i = Interlocked.Increment(ref next))
                {
                    var run = runs[i];
                    if (store.TryLoadResult(run) is { } done)
                    {
                        results[i] = done;
                        events?.Finished?.Invoke(run, slot, done, true);
                        continue;
                    }
                    events?.Started?.Invoke(run, slot);
                    var step = events?.Step;
                    var result = RunExecutor.Execute(store, run, data, perRun, step is null ? null : p => step(run, slot, p), stop.Token);
                    results[i] = result;
                    lock (gate)
                    {
                        executed++;
                        runSeconds += result.Seconds;
                    }
                    events?.Finished?.Invoke(run, slot, result, false);
                }
            }
            catch (Exception e)
            {
                lock (gate)
                    errors.Add(e);
                stop.Cancel();
            }
        }

        if (workers == 1)
            Work(0);
        else
        {
            var threadsOfWorkers = Enumerable.Range(0, workers).Select(slot => new Thread(() => Work(slot)) { IsBackground = true, Name = $"compare-{slot}" }).ToList();
            threadsOfWorkers.ForEach(t => t.Start());
            threadsOfWorkers.ForEach(t => t.Join());
        }
        var failure = errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors.FirstOrDefault();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        cancel.ThrowIfCancellationRequested();
        return new ComparisonOutcome(store.Grid, [.. runs.Select((r, i) => (r, results[i]!))], clock.Elapsed.TotalSeconds, runSeconds, executed);
    }
}
