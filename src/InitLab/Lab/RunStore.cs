using InitLab.IO;

namespace InitLab.Lab;

/// <summary>A comparison's output directory: <c>grid.json</c>, and one <c>initlab train --out</c> run directory per run under <c>runs/CELL/seed-S/</c>.</summary>
/// <remarks>
/// <para>
/// A run directory holds what <c>train --out</c> writes (<c>config.json</c>, <c>metrics.csv</c>, the latest
/// <c>epoch-NNN.safetensors</c>), plus <c>diagnostics.json</c> (the init-time probe, written before step 1), <c>model_init.json</c> (the reports of a model-level initializer, when <c>--init</c> names one) and, once the
/// run has finished, <c>result.json</c>. Every file is written atomically, so a comparison killed at any moment leaves
/// finished runs (those with result.json) and at most one checkpoint-level state per unfinished run: <c>--resume</c>
/// skips the former and continues the latter from its checkpoint, bit for bit.
/// </para>
/// </remarks>
public sealed class RunStore
{
    /// <summary>The grid file.</summary>
    public const string GridFile = "grid.json";

    /// <summary>A finished run's result file.</summary>
    public const string ResultFile = "result.json";

    /// <summary>A run's init-time probe.</summary>
    public const string DiagnosticsFile = "diagnostics.json";

    /// <summary>A run's model-level initializer reports (e.g. GradInit's learned scales and objective per iteration), when <c>--init</c> names one.</summary>
    public const string ModelInitFile = "model_init.json";

    /// <summary>The summary written when every run has finished.</summary>
    public const string SummaryFile = "summary.json";

    RunStore(string path, ComparisonGrid grid)
    {
        Path = path;
        Grid = grid;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>The grid the directory holds.</summary>
    public ComparisonGrid Grid { get; }

    /// <summary>Starts a new comparison in <paramref name="path"/>: writes grid.json.</summary>
    /// <exception cref="IOException">The directory already holds a comparison (continue it with --resume).</exception>
    public static RunStore Create(string path, ComparisonGrid grid)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(grid);
        if (File.Exists(System.IO.Path.Combine(path, GridFile)) || Directory.Exists(System.IO.Path.Combine(path, "runs")))
            throw new IOException($"--out '{path}' already holds a comparison; continue it with --resume, or choose another --out.");
        Directory.CreateDirectory(path);
        AtomicFile.WriteText(System.IO.Path.Combine(path, GridFile), grid.ToJson() + "\n");
        return new RunStore(path, grid);
    }

    /// <summary>Opens the comparison in <paramref name="path"/> to continue it.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="given">The grid of the command line, or null to continue the stored grid whatever it is.</param>
    /// <exception cref="DirectoryNotFoundException">There is no such directory.</exception>
    /// <exception cref="FileNotFoundException">It has no grid.json.</exception>
    /// <exception cref="ArgumentException"><paramref name="given"/> differs from the stored grid; the message names the first option that differs.</exception>
    public static RunStore Open(string path, ComparisonGrid? given)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"--resume: --out '{path}' does not exist; start the comparison without --resume.");
        string file = System.IO.Path.Combine(path, GridFile);
        if (!File.Exists(file))
            throw new FileNotFoundException($"--resume: '{path}' has no {GridFile}; it is not a directory written by 'initlab compare --out'.", file);
        var stored = ComparisonGrid.FromJson(File.ReadAllText(file), file).Validate();
        if (given is not null && ComparisonGrid.FirstDifference(stored, given) is { } difference)
            throw new ArgumentException($"--resume: '{path}' was made by a different grid: {difference}. Resume with the original options, or choose another --out.");
        return new RunStore(path, stored);
    }

    /// <summary>The directory of <paramref name="run"/>.</summary>
    public string RunPath(GridRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return System.IO.Path.Combine(Path, "runs", run.Cell.Key, run.Key);
    }

    /// <summary>The result of <paramref name="run"/> if it has finished, else null.</summary>
    /// <exception cref="InvalidDataException">result.json is corrupt.</exception>
    public RunResult? TryLoadResult(GridRun run)
    {
        string file = System.IO.Path.Combine(RunPath(run), ResultFile);
        return File.Exists(file) ? RunResult.FromJson(File.ReadAllText(file), file) : null;
    }
}
