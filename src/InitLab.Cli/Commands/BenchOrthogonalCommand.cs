using System.CommandLine;
using System.Text.Json.Nodes;
using InitLab.Init;
using InitLab.Random;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab bench orthogonal --size n</c>: median time of one n×n float32 orthogonal init.</summary>
internal static class BenchOrthogonalCommand
{
    public static Command Create()
    {
        var size = CliOptions.Create("--size", "n, for an n×n matrix.", () => 1024);
        var threads = CliOptions.Threads();
        var repeats = CliOptions.Create("--repeats", "Timed repetitions; the median is reported.", () => 5);
        var json = CliOptions.Json();
        var command = new Command("orthogonal", "Median milliseconds of one n×n float32 orthogonal init (Householder QR + sign fix), after JIT warm-up.")
        {
            size, threads, repeats, json,
        };
        command.SetAction(result =>
        {
            int n = result.GetValue(size);
            if (n <= 0 || (long)n * n > Array.MaxLength)
                throw new ArgumentException($"--size = {n} is not allowed; it must be ≥ 1 and n² ≤ {Array.MaxLength}.");
            int reps = CliOptions.AtLeastOne(result.GetValue(repeats), "--repeats");
            int t = BenchCommand.Threads(result.GetValue(threads));
            var weights = new float[(long)n * n];
            var context = new InitContext(new RandomStream(0, "bench"), threads: t);
            var scheme = new Orthogonal();
            // Steady state, as the torch peer measures: enough calls that the JIT has promoted every kernel to optimized code.
            var small = new float[Math.Min(n, 256) * Math.Min(n, 256)];
            for (int i = 0; i < 60; i++)
                scheme.Initialize<float>(small, [Math.Min(n, 256), Math.Min(n, 256)], context);
            double ms = 1000 * BenchCommand.Median(reps, () => scheme.Initialize<float>(weights, [n, n], context));
            var output = Terminal.For(result).Out;
            if (result.GetValue(json))
                output.WriteLine(new JsonObject { ["n"] = n, ["ms"] = ms, ["threads"] = t }.ToJsonString());
            else
                output.WriteLine($"orthogonal {n}×{n} float32 on {t} threads: {ms:F1} ms (median of {reps})");
            return 0;
        });
        return command;
    }
}
