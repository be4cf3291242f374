using System.Globalization;
using System.Text;
using InitLab.IO;

namespace InitLab.Training;

/// <summary>A run's output directory: <c>config.json</c>, <c>metrics.csv</c> and <c>epoch-NNN.safetensors</c> per epoch (and <c>swa.safetensors</c> with <c>--swa</c>), each written atomically.</summary>
/// <remarks>
/// A run killed at any moment leaves complete files only (each is written to a temporary file and renamed). Resuming
/// loads the highest-numbered checkpoint and replays from the start of the next epoch: shuffles and dropout masks are
/// functions of (seed, epoch, step), so the replay repeats the lost steps bit for bit.
/// </remarks>
public sealed class RunDirectory
{
    /// <summary>The config file name.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>The metrics file name.</summary>
    public const string MetricsFile = "metrics.csv";

    RunDirectory(string path) => Path = path;

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>The weights of the stochastic weight average (<c>--swa</c>), rewritten after every averaged epoch (<see cref="Checkpoint.SaveSwaModel"/>).</summary>
    public const string SwaFile = "swa.safetensors";

    /// <summary>The checkpoint file name of epoch <paramref name="epoch"/>: <c>epoch-001.safetensors</c>.</summary>
    public static string CheckpointFile(int epoch) => string.Create(CultureInfo.InvariantCulture, $"epoch-{epoch:000}.safetensors");

    /// <summary>Creates (or reuses) <paramref name="path"/> for a new run and writes its config.</summary>
    /// <exception cref="IOException">The directory already holds a run's checkpoints (use --resume).</exception>
    public static RunDirectory Create(string path, TrainingConfig config)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(config);
        Directory.CreateDirectory(path);
        var run = new RunDirectory(path);
        if (run.LatestEpoch() > 0)
            throw new IOException($"'{path}' already holds checkpoints of a run; continue it with --resume {path}, or choose another --out.");
        run.WriteConfig(config);
        return run;
    }

    /// <summary>Rewrites <c>config.json</c> (atomically), e.g. when a resumed run raises its epoch total.</summary>
    public void WriteConfig(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        AtomicFile.WriteText(System.IO.Path.Combine(Path, ConfigFile), config.ToJson() + "\n");
    }

    /// <summary>Opens a run directory for resuming (or reading) and reads its config.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="what">How errors name the directory: the option or argument that gave it.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">It has no config.json.</exception>
    public static (RunDirectory Run, TrainingConfig Config) Open(string path, string what = "--resume")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"{what} '{path}': no such directory.");
        string file = System.IO.Path.Combine(path, ConfigFile);
        if (!File.Exists(file))
            throw new FileNotFoundException($"{what} '{path}': no {ConfigFile}; it is not a run directory written by 'initlab train --out'.", file);
        return (new RunDirectory(path), TrainingConfig.FromJson(File.ReadAllText(file), file).Validate());
    }

    /// <summary>The highest epoch with a checkpoint, or 0.</summary>
    public int LatestEpoch()
    {
        int latest = 0;
        foreach (string file in Directory.EnumerateFiles(Path, "epoch-*.safetensors"))
        {
            string stem = System.IO.Path.GetFileNameWithoutExtension(file)["epoch-".Length..];
            if (int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out int epoch) && CheckpointFile(epoch) == System.IO.Path.GetFileName(file))
                latest = Math.Max(latest, epoch);
        }
        return latest;
    }

    /// <summary>Restores <paramref name="trainer"/> from the latest checkpoint, if any; returns the epochs it holds.</summary>
    public int Restore(Trainer trainer)
    {
        int epoch = LatestEpoch();
        return epoch == 0 ? 0 : Checkpoint.Restore(trainer, System.IO.Path.Combine(Path, CheckpointFile(epoch)));
    }

    /// <summary>Deletes the checkpoints of the epochs before <paramref name="epoch"/>, whose state the later one supersedes.</summary>
    public void DeleteCheckpointsBefore(int epoch)
    {
        for (int e = 1; e < epoch; e++)
            File.Delete(System.IO.Path.Combine(Path, CheckpointFile(e)));
    }

    /// <summary>Writes the checkpoint of the epoch just completed, then the metrics of every completed epoch.</summary>
    public void Save(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        Checkpoint.Save(trainer, System.IO.Path.Combine(Path, CheckpointFile(trainer.CompletedEpochs)));
        if (trainer.Swa is { Count: > 0 })
            Checkpoint.SaveSwaModel(trainer, System.IO.Path.Combine(Path, SwaFile));
        var csv = new StringBuilder(EpochMetrics.CsvHeader).Append('\n');
        foreach (var row in trainer.History)
            csv.Append(row.ToCsv()).Append('\n');
        AtomicFile.WriteText(System.IO.Path.Combine(Path, MetricsFile), csv.ToString());
    }
}
