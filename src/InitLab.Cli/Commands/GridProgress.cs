using System.Diagnostics;
using System.Globalization;
using InitLab.Lab;
using InitLab.Training;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary>Live progress of a comparison on an interactive stderr: one bar for the grid (runs done, ETA) and one per running run, in <see cref="ProgressLine"/>'s style.</summary>
/// <remarks>The ETA extrapolates the steps still to take at the rate of the steps taken in this process. Nothing is drawn when stderr is redirected.</remarks>
internal sealed class GridProgress : IDisposable
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    readonly IAnsiConsole _console;
    readonly int _runs;
    readonly long _stepsToTake;
    readonly (string Label, TrainingProgress? Progress, long StepsBefore)[] _slots;
    readonly Stopwatch _clock = Stopwatch.StartNew(), _sinceDraw = Stopwatch.StartNew();
    readonly object _gate = new();
    int _done, _drawn;
    long _stepsTaken;

    GridProgress(IAnsiConsole console, int runs, long stepsToTake, int slots)
    {
        _console = console;
        _runs = runs;
        _stepsToTake = Math.Max(1, stepsToTake);
        _slots = new (string, TrainingProgress?, long)[slots];
    }

    /// <summary>A progress display when <paramref name="error"/> is the process's interactive stderr, else null.</summary>
    public static GridProgress? ForStderr(TextWriter error, int runs, long stepsToTake, int slots)
    {
        if (!ReferenceEquals(error, Console.Error) || Console.IsErrorRedirected)
            return null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error), Ansi = AnsiSupport.Detect });
        return new GridProgress(console, runs, stepsToTake, slots);
    }

    /// <summary>The callbacks to pass to <see cref="ComparisonRunner.Run"/>, chained before <paramref name="finished"/>.</summary>
    public ComparisonEvents Events(Action<GridRun, int, RunResult, bool> finished) => new()
    {
        Started = (run, slot) =>
        {
            lock (_gate)
                _slots[slot] = ($"{run.Cell.Key[..3]} {run.Cell.Label} seed {run.Seed}", null, 0);
        },
        Step = (_, slot, p) =>
        {
            lock (_gate)
            {
                _slots[slot].Progress = p;
                _stepsTaken++;
                if (_sinceDraw.Elapsed >= Interval)
                    Draw();
            }
        },
        Finished = (run, slot, result, reused) =>
        {
            lock (_gate)
            {
                _done++;
                _slots[slot] = ("", null, 0);
                Clear();
                finished(run, slot, result, reused);
                Draw();
            }
        },
    };

    void Draw()
    {
        _sinceDraw.Restart();
        Clear();
        int width = Math.Max(10, Math.Min(30, _console.Profile.Width - 80));
        double fraction = Math.Min(1, (double)_stepsTaken / _stepsToTake);
        string eta = _stepsTaken == 0 ? "–" : Duration(_clock.Elapsed.TotalSeconds * (1 - fraction) / fraction);
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $" grid {Bar(width, _done, _runs)} {_done}/{_runs} runs  ETA {eta} ") };
        foreach (var (label, p, _) in _slots)
            if (p is not null)
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  run {Clip(label, 40)} epoch {p.Epoch} {Bar(width, p.Batch, p.Batches)} {p.Batch}/{p.Batches}  loss {p.Loss:F4}  acc {p.Accuracy:F4} "));
        _console.Write(new Text(string.Join("\n", lines.Select(l => Clip(l, _console.Profile.Width - 1)))));
        _drawn = lines.Count;
    }

    /// <summary>Erases what <see cref="Draw"/> wrote and leaves the cursor where it started.</summary>
    void Clear()
    {
        if (_drawn == 0)
            return;
        string blank = "\r" + new string(' ', Math.Max(1, _console.Profile.Width - 1)) + "\r";
        for (int i = 0; i < _drawn; i++)
        {
            _console.Write(new Text(blank));
            if (i < _drawn - 1)
                _console.Cursor.MoveUp(1);
        }
        _drawn = 0;
    }

    static string Bar(int width, long done, long total)
    {
        int filled = (int)(width * done / Math.Max(1, total));
        return new string('█', filled) + new string('░', width - filled);
    }

    static string Clip(string text, int width) => text.Length <= width ? text : text[..Math.Max(1, width - 1)] + "…";

    static string Duration(double seconds) => seconds >= 3600
        ? TimeSpan.FromSeconds(seconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : TimeSpan.FromSeconds(seconds).ToString(@"m\:ss", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        lock (_gate)
            Clear();
    }
}
