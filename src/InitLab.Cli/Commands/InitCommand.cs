using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using InitLab.Init;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Random;
using InitLab.Training;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab init &lt;scheme&gt;</c>: initialize a tensor with any registered scheme; write .npy or .safetensors, or print statistics.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var scheme = new Argument<string?>("scheme")
        {
            Description = "The scheme, NAME[:KEY=VALUE,...]: a name or alias (initlab list shows them all), e.g. he-normal:mode=fan-out; or give it as --init.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var init = new Option<string?>("--init") { Description = "The scheme, as the argument (the same grammar as train, probe and compare)." };
        var shape = new Option<string>("--shape") { Description = "Comma-separated dimensions, e.g. 256,784.", Required = true };
        var layout = CliOptions.Layout();
        var groups = CliOptions.Groups();
        var fanIn = new Option<long?>("--fan-in") { Description = "Explicit fan_in (with --fan-out); needed for rank < 2, e.g. a bias." };
        var fanOut = new Option<long?>("--fan-out") { Description = "Explicit fan_out (with --fan-in)." };
        var schemeOptions = new SchemeOptions();
        var flavor = CliOptions.Create("--flavor", "pytorch, keras or jax: layout, truncation and default conventions.", () => "pytorch");
        var seed = CliOptions.Seed();
        var name = CliOptions.Create("--name", "Parameter name that selects the random stream.", () => "weight");
        var dtype = CliOptions.Create("--dtype", "float32, float64, float16 or bfloat16.", () => "float32");
        var threads = CliOptions.Threads();
        var output = new Option<string?>("--out") { Description = "Write the tensor to this .npy or .safetensors file (atomically)." };
        var stats = new Option<bool>("--stats") { Description = "Print sample mean, std, min and max beside the theory." };
        var json = CliOptions.Json();

        var command = new Command("init", "Initialize a tensor with any scheme; write .npy or .safetensors, or print its statistics.")
        {
            scheme, init, shape, layout, groups, fanIn, fanOut, flavor, seed, name, dtype, threads, output, stats, json,
        };
        foreach (var option in schemeOptions.All)
            command.Add(option);
        command.SetAction(result =>
        {
            var (built, chosenFlavor) = Scheme(result, scheme, init, flavor, schemeOptions);
            int[] dims = CliOptions.ParseShape(result.GetRequiredValue(shape));
            var rule = new FanRule(Parse<WeightLayout>(result.GetValue(layout), "--layout") ?? chosenFlavor.Layout(), result.GetValue(groups),
                fanIn: result.GetValue(fanIn), fanOut: result.GetValue(fanOut));
            var stream = new RandomStream(result.GetValue(seed), result.GetValue(name) ?? "weight");
            var request = new Request(built, chosenFlavor, dims, new InitContext(stream, rule, CliOptions.CheckThreads(result.GetValue(threads))),
                DTypes.Parse(result.GetValue(dtype) ?? "float32"), result.GetValue(output), result.GetValue(stats), result.GetValue(json));
            if (request.Out is null == !request.Stats)
                throw new ArgumentException("init needs exactly one of --out FILE.npy|FILE.safetensors or --stats.");
            if (request.Out is not null && !IsNpy(request.Out) && !IsSafeTensors(request.Out))
                throw new ArgumentException($"--out = '{request.Out}' must end in .npy or .safetensors.");
            return request.DType switch
            {
                DType.Float32 => Run<float>(request, result),
                DType.Float64 => Run<double>(request, result),
                DType.Float16 => Run<Half>(request, result),
                _ => Run<BFloat16>(request, result),
            };
        });
        return command;
    }

    /// <summary>The scheme of the argument or <c>--init</c>, with the scheme options appended, and the flavor (<c>--flavor</c> or the text's <c>flavor=</c>).</summary>
    static (InitScheme Scheme, Flavor Flavor) Scheme(ParseResult result, Argument<string?> scheme, Option<string?> init, Option<string> flavor, SchemeOptions options)
    {
        string? positional = result.GetValue(scheme), named = result.GetValue(init);
        if (positional is not null && named is not null)
            throw new ArgumentException($"give the scheme once: as the argument ('{positional}') or as --init ('{named}'), not both.");
        string source = named is not null ? "--init" : "scheme";
        string given = positional ?? named ?? throw new ArgumentException("init needs a scheme, e.g. 'initlab init he-normal --shape 256,784' (initlab list shows them).");
        var text = SchemeText.Parse(options.Combine(result, given, source), source);
        var chosen = EnumText.Parse<Flavor>(result.GetValue(flavor) ?? "pytorch", "--flavor");
        if (text.Keys.Contains("flavor") && result.GetResult(flavor) is { Implicit: false } && text.Flavor != chosen)
            throw new ArgumentException($"{source} = '{given}' says flavor={EnumText.Name(text.Flavor)} but --flavor = {EnumText.Name(chosen)}; give one.");
        var usedFlavor = text.Keys.Contains("flavor") ? text.Flavor : chosen;
        return (SchemeRegistry.Create(text.Name, text.Arguments, usedFlavor), usedFlavor);
    }

    sealed record Request(InitScheme Scheme, Flavor Flavor, int[] Shape, InitContext Context, DType DType, string? Out, bool Stats, bool Json);

    static int Run<T>(Request request, ParseResult result) where T : unmanaged
    {
        var theory = request.Scheme.Describe(request.Shape, request.Context);
        var data = GC.AllocateUninitializedArray<T>(checked((int)request.Shape.Aggregate(1L, (a, d) => a * d)));
        var clock = Stopwatch.StartNew();
        request.Scheme.Initialize<T>(data, request.Shape, request.Context);
        double elapsedMs = clock.Elapsed.TotalMilliseconds;
        if (request.Out is { } path)
        {
            if (IsNpy(path))
                Npy.Write<T>(path, data, request.Shape, request.DType);
            else
                SafeTensors.Write<T>(path, request.Context.Stream.Name, data, request.Shape, request.DType, Metadata(request));
        }
        var sample = request.Stats ? SampleStats.Of<T>(data) : default;
        var stdout = Terminal.For(result).Out;
        if (request.Json)
        {
            var o = new JsonObject
            {
                ["scheme"] = request.Scheme.Name,
                ["parameters"] = SchemeJson.ToNode(request.Scheme),
                ["flavor"] = EnumText.Name(request.Flavor),
                ["shape"] = new JsonArray(request.Shape.Select(x => (JsonNode)x).ToArray()),
                ["dtype"] = request.DType.Name(),
                ["seed"] = request.Context.Stream.Seed,
                ["name"] = request.Context.Stream.Name,
                ["fan_in"] = theory.Fans?.FanIn,
                ["fan_out"] = theory.Fans?.FanOut,
                ["gain"] = theory.Gain,
                ["mean"] = theory.Mean,
                ["std"] = theory.Std,
                ["bound"] = theory.Bound,
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
            stdout.WriteLine(o.ToJsonString());
            return 0;
        }
        string label = $"{request.Scheme.Name} {request.DType.Name()} [{string.Join(", ", request.Shape)}]";
        if (request.Out is not null)
            stdout.WriteLine($"wrote {request.Out}: {label} in {elapsedMs:F1} ms");
        if (request.Stats)
        {
            var console = Terminal.For(result).Rich;
            string fans = theory.Fans is { } f ? $", fan_in {f.FanIn}, fan_out {f.FanOut}" : "";
            string gainText = theory.Gain is { } g ? $", gain {CliOptions.Format(g)}" : "";
            console.MarkupLine($"[bold]{Markup.Escape(label)}[/], {data.Length} values, seed {request.Context.Stream.Seed}, " +
                               $"name '{Markup.Escape(request.Context.Stream.Name)}'{fans}{gainText}, {elapsedMs:F1} ms");
            double low = theory.Element?.Minimum ?? -(theory.Bound ?? double.PositiveInfinity);
            double high = theory.Element?.Maximum ?? theory.Bound ?? double.PositiveInfinity;
            var table = new Table().AddColumns("", "sample", "theory");
            table.AddRow("mean", CliOptions.Format(sample.Mean), CliOptions.Format(theory.Mean));
            table.AddRow("std", CliOptions.Format(sample.Std), CliOptions.Format(theory.Std));
            table.AddRow("min", CliOptions.Format(sample.Min), CliOptions.Format(low));
            table.AddRow("max", CliOptions.Format(sample.Max), CliOptions.Format(high));
            console.Write(table);
        }
        return 0;
    }

    static Dictionary<string, string> Metadata(Request request) => new()
    {
        ["scheme"] = request.Scheme.Name,
        ["parameters"] = SchemeJson.Write(request.Scheme),
        ["flavor"] = EnumText.Name(request.Flavor),
        ["layout"] = EnumText.Name(request.Context.Fans.Layout),
        ["groups"] = request.Context.Fans.Groups.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["seed"] = request.Context.Stream.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["name"] = request.Context.Stream.Name,
        ["initlab_version"] = SafeTensors.LibraryVersion,
    };

    static TEnum? Parse<TEnum>(string? text, string option) where TEnum : struct, Enum => text is null ? null : EnumText.Parse<TEnum>(text, option);

    static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    static bool IsSafeTensors(string path) => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);
}
