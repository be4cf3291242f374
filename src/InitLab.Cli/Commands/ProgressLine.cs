using System.Diagnostics;
using System.Globalization;
using InitLab.Training;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary>A live one-line progress bar (epoch, batch, loss, accuracy or reconstruction loss, samples/s) on an interactive stderr; nothing when stderr is redirected.</summary>
internal sealed class ProgressLine : IDisposable
{
    /// <summary>Redraws at most this often, so drawing costs nothing next to training.</summary>
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    readonly IAnsiConsole _console;
    readonly int _batches;
    readonly Stopwatch _sinceDraw = Stopwatch.StartNew();

    ProgressLine(IAnsiConsole console, int batches)
    {
        _console = console;
        _batches = batches;
    }

    /// <summary>A progress line when <paramref name="error"/> is the process's interactive stderr, else null.</summary>
    public static ProgressLine? ForStderr(TextWriter error, int batches)
    {
        if (!ReferenceEquals(error, Console.Error) || Console.IsErrorRedirected)
            return null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error), Ansi = AnsiSupport.Detect });
        return new ProgressLine(console, batches);
    }

    public void Report(TrainingProgress p) => Draw($"epoch {p.Epoch}", p.Batch, p.Batches, string.Create(CultureInfo.InvariantCulture,
        $"loss {p.Loss:F4}  acc {p.Accuracy:F4}  {p.SamplesPerSecond:F0} samples/s"));

    /// <summary>The line of <c>initlab pretrain</c>: layer, epoch, batch, reconstruction loss, samples/s.</summary>
    public void Report(Pretrained.PretrainProgress p) => Draw($"layer {p.Layer}/{p.Layers} epoch {p.Epoch}", p.Batch, p.Batches,
        string.Create(CultureInfo.InvariantCulture, $"recon {p.Loss:F4}  {p.SamplesPerSecond:F0} samples/s"));

    void Draw(string where, int batch, int batches, string figures)
    {
        if (batch != _batches && _sinceDraw.Elapsed < Interval)
            return;
        _sinceDraw.Restart();
        int width = Math.Max(10, Math.Min(40, _console.Profile.Width - 70));
        int filled = (int)((long)width * batch / batches);
        string bar = new string('█', filled) + new string('░', width - filled);
        _console.Write(new Text($"\r {where} {bar} {batch}/{batches}  {figures} "));
    }

    /// <summary>Erases the line.</summary>
    public void Clear() => _console.Write(new Text("\r" + new string(' ', Math.Max(1, _console.Profile.Width - 1)) + "\r"));

    public void Dispose() => Clear();
}
