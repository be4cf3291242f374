using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Random;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab init</c>: fill a tensor from a distribution and write it as .npy, or print its statistics.</summary>
internal static class InitCommand
{
    static readonly string[] Schemes = ["zeros", "ones", "constant", "uniform", "normal", "truncated-normal"];

    public static Command Create()
    {
        var scheme = new Argument<string>("scheme") { Description = $"One of: {string.Join(", ", Schemes)}." };
        var shape = new Option<string>("--shape") { Description = "Comma-separated dimensions, e.g. 256,784.", Required = true };
        var value = new Option<double?>("--value") { Description = "The constant for 'constant'." };
        var low = new Option<double?>("--low") { Description = "Lower bound (uniform: 0; truncated-normal: −2, absolute)." };
        var high = new Option<double?>("--high") { Description = "Upper bound (uniform: 1; truncated-normal: 2, absolute)." };
        var mean = CliOptions.Create("--mean", "Mean of the (parent) normal.", () => 0.0);
        var std = CliOptions.Create("--std", "Standard deviation of the (parent) normal.", () => 1.0);
        var seed = CliOptions.Seed();
        var name = CliOptions.Create("--name", "Parameter name that selects the random stream.", () => "weight");
        var dtype = CliOptions.Create("--dtype", "float32, float64, float16 or bfloat16.", () => "float32");
        var threads = CliOptions.Threads();
        var output = new Option<string?>("--out") { Description = "Write the tensor to this .npy file (atomically)." };
        var stats = new Option<bool>("--stats") { Description = "Print sample mean, std, min and max beside the theory." };
        var json = CliOptions.Json();

        var command = new Command("init", "Fill a tensor from a distribution; write it as .npy or print its statistics.")
        {
            scheme, shape, value, low, high, mean, std, seed, name, dtype, threads, output, stats, json,
        };
        command.SetAction(result =>
        {
            string schemeName = result.GetRequiredValue(scheme).Trim().ToLowerInvariant();
            var distribution = schemeName switch
            {
                "zeros" => Distribution.Constant(0),
                "ones" => Distribution.Constant(1),
                "constant" => Distribution.Constant(result.GetValue(value) ?? throw new ArgumentException("init constant needs --value v.")),
                "uniform" => (Distribution)Distribution.Uniform(result.GetValue(low) ?? 0, result.GetValue(high) ?? 1),
                "normal" => Distribution.Normal(result.GetValue(mean), result.GetValue(std)),
                "truncated-normal" => Distribution.TruncatedNormal(result.GetValue(mean), result.GetValue(std), result.GetValue(low) ?? -2, result.GetValue(high) ?? 2),
                _ => throw new ArgumentException($"scheme = '{schemeName}' is not known; use one of: {string.Join(", ", Schemes)}."),
            };
            var request = new Request(
                Terminal.For(result),
                schemeName,
                distribution,
                CliOptions.ParseShape(result.GetRequiredValue(shape)),
                result.GetValue(seed),
                result.GetValue(name) ?? "weight",
                DTypes.Parse(result.GetValue(dtype) ?? "float32"),
                result.GetValue(threads),
                result.GetValue(output),
                result.GetValue(stats),
                result.GetValue(json));
            if (request.Out is null == !request.Stats)
                throw new ArgumentException("init needs exactly one of --out FILE.npy or --stats.");
            if (request.Out is not null && !request.Out.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--out = '{request.Out}' must end in .npy.");
            return request.DType switch
            {
                DType.Float32 => Run<float>(request),
                DType.Float64 => Run<double>(request),
                DType.Float16 => Run<Half>(request),
                _ => Run<BFloat16>(request),
            };
        });
        return command;
    }

    sealed record Request(Terminal Terminal, string Scheme, Distribution Distribution, int[] Shape, ulong Seed, string Name, DType DType, int Threads, string? Out, bool Stats, bool Json);

    static int Run<T>(Request request) where T : unmanaged
    {
        long count = request.Shape.Aggregate(1L, (a, d) => a * d);
        var data = GC.AllocateUninitializedArray<T>((int)count);
        var clock = Stopwatch.StartNew();
        request.Distribution.Sample<T>(data, new RandomStream(request.Seed, request.Name), threads: request.Threads);
        double elapsedMs = clock.Elapsed.TotalMilliseconds;
        if (request.Out is not null)
            Npy.Write<T>(request.Out, data, request.Shape, request.DType);

        var sample = request.Stats ? SampleStats.Of<T>(data) : default;
        var d = request.Distribution;
        if (request.Json)
        {
            var o = new JsonObject
            {
                ["scheme"] = request.Scheme,
                ["shape"] = new JsonArray(request.Shape.Select(x => (JsonNode)x).ToArray()),
                ["dtype"] = request.DType.Name(),
                ["seed"] = request.Seed,
                ["name"] = request.Name,
                ["mean"] = d.Mean,
                ["std"] = d.Std,
                ["elapsed_ms"] = elapsedMs,
            };
            if (request.Out is not null) o["out"] = request.Out;
            if (request.Stats)
            {
                o["sample_mean"] = sample.Mean;
                o["sample_std"] = sample.Std;
                o["min"] = sample.Min;
                o["max"] = sample.Max;
            }
            request.Terminal.Out.WriteLine(o.ToJsonString());
            return 0;
        }
        if (request.Out is not null)
            request.Terminal.Out.WriteLine($"wrote {request.Out}: {request.Scheme} {request.DType.Name()} [{string.Join(", ", request.Shape)}] in {elapsedMs:F1} ms");
        if (request.Stats)
        {
            var table = new Table().AddColumns("", "sample", "theory");
            table.AddRow("mean", CliOptions.Format(sample.Mean), CliOptions.Format(d.Mean));
            table.AddRow("std", CliOptions.Format(sample.Std), CliOptions.Format(d.Std));
            table.AddRow("min", CliOptions.Format(sample.Min), CliOptions.Format(d.Minimum));
            table.AddRow("max", CliOptions.Format(sample.Max), CliOptions.Format(d.Maximum));
            request.Terminal.Rich.MarkupLine($"[bold]{Markup.Escape(request.Scheme)}[/] {request.DType.Name()} [[{string.Join(", ", request.Shape)}]], {count} values, seed {request.Seed}, name '{Markup.Escape(request.Name)}', {elapsedMs:F1} ms");
            request.Terminal.Rich.Write(table);
        }
        return 0;
    }
}
