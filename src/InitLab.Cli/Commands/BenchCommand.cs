using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using InitLab.Random;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab bench</c>: throughput measurements, each beside its hardware ceiling from the same run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput beside the hardware ceiling, in one run.");
        bench.Add(CreateFill());
        bench.Add(BenchComputeCommands.CreateGemm());
        bench.Add(BenchComputeCommands.CreateConv());
        bench.Add(BenchTrainCommand.Create());
        bench.Add(BenchOrthogonalCommand.Create());
        return bench;
    }

    static Command CreateFill()
    {
        string[] dists = ["uniform", "normal", "truncated-normal"];
        var dist = CliOptions.Create("--dist", "uniform, normal or truncated-normal.", () => "uniform");
        dist.AcceptOnlyFromAmong(dists);
        var count = CliOptions.Create("--count", "Elements (float32) to fill.", () => 64L << 20);
        var threads = CliOptions.Threads();
        var repeats = CliOptions.Create("--repeats", "Timed repetitions; the median is reported.", () => 7);
        var json = CliOptions.Json();
        var command = new Command("fill", "Fill throughput for a distribution, with a constant fill as the memory-bandwidth ceiling.")
        {
            dist, count, threads, repeats, json,
        };
        command.SetAction(result =>
        {
            var terminal = Terminal.For(result);
            long n = result.GetValue(count);
            if (n <= 0 || n > Array.MaxLength)
                throw new ArgumentException($"--count = {n} is not allowed; it must be in 1..{Array.MaxLength}.");
            int reps = CliOptions.AtLeastOne(result.GetValue(repeats), "--repeats");
            int t = Threads(result.GetValue(threads));
            string name = result.GetValue(dist) ?? "uniform";
            Distribution distribution = name switch
            {
                "normal" => Distribution.Normal(0, 1),
                "truncated-normal" => Distribution.TruncatedNormal(0, 1, -2, 2),
                _ => Distribution.Uniform(0, 1),
            };
            var data = new float[n];
            var stream = new RandomStream(0, "bench");
            double fillSeconds = Median(reps, () => distribution.Sample<float>(data, stream, threads: t));
            double constSeconds = Median(reps, () => Fill.Constant<float>(data, 0.5, t));
            double bytes = n * sizeof(float);
            double melem = n / fillSeconds / 1e6;
            double gbps = bytes / fillSeconds / 1e9;
            double ceiling = bytes / constSeconds / 1e9;
            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(new JsonObject
                {
                    ["dist"] = name,
                    ["count"] = n,
                    ["threads"] = t,
                    ["melem_per_sec"] = melem,
                    ["gb_per_sec"] = gbps,
                    ["ceiling_gb_per_sec"] = ceiling,
                }.ToJsonString());
            }
            else
            {
                terminal.Out.WriteLine($"{name}: {n} float32 on {t} threads: {melem:F0} M elem/s, {gbps:F2} GB/s " +
                                      $"({100 * gbps / ceiling:F0}% of the constant-fill ceiling {ceiling:F2} GB/s)");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Tiered compilation waits 100 ms without new tier-0 methods, counts 30 calls, then recompiles in the background.</summary>
    const double WarmUpSeconds = 0.5;

    /// <summary>The --threads value of a bench verb, 0 meaning every logical processor.</summary>
    internal static int Threads(int threads) => CliOptions.CheckThreads(threads) == 0 ? Environment.ProcessorCount : threads;

    /// <summary>
    /// Warms up (page faults, JIT), then returns the median of the timed runs in seconds. The warm-up repeats the action
    /// for at least <see cref="WarmUpSeconds"/> so that tiered compilation has promoted the hot methods: code still at
    /// tier 0 ran the convolutions' copies up to 5× slower.
    /// </summary>
    internal static double Median(int repeats, Action action)
    {
        var warmUp = Stopwatch.StartNew();
        do
            action();
        while (warmUp.Elapsed.TotalSeconds < WarmUpSeconds);
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
