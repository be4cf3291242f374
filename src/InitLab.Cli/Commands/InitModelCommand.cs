using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InitLab.Numerics;
using InitLab.Scale;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab init-model</c>: the initial weights of a Hugging Face-style decoder, streamed to sharded safetensors (docs/scale.md).</summary>
internal static partial class InitModelCommand
{
    public static Command Create()
    {
        var arch = new Option<string>("--arch") { Description = "A Hugging Face config.json (model_type llama, mistral or gpt2), with an optional \"initlab\" init recipe (docs/scale.md).", Required = true };
        var dtype = CliOptions.Create("--dtype", "bf16, f16 or f32.", () => "bf16");
        var output = new Option<string>("--out") { Description = "The directory for the shards and model.safetensors.index.json (created if missing).", Required = true };
        var shardSize = CliOptions.Create("--shard-size", "The largest shard, as save_pretrained's max_shard_size: 5GB (10⁹ bytes), 500MB, 2GiB (2³⁰ bytes) or bytes.", () => "5GB");
        var seed = CliOptions.Seed();
        var threads = CliOptions.Threads();
        var part = new Option<string?>("--part") { Description = "Write only part k of n (k/n, 1-based): shards j with j mod n = k − 1. The n parts together are the whole model, byte for byte." };
        var json = CliOptions.Json();
        var command = new Command("init-model", "Initialize a model too large for memory: stream its weights to sharded .safetensors, the same bytes for any shard size, thread count or --part split.")
        {
            arch, dtype, output, shardSize, seed, threads, part, json,
        };
        command.SetAction(result =>
        {
            var architecture = ModelArchitecture.Load(result.GetRequiredValue(arch));
            var type = ParseDType(result.GetValue(dtype)!);
            long maxShard = ParseSize(result.GetValue(shardSize)!);
            var (k, n) = ParsePart(result.GetValue(part));
            int workers = CliOptions.CheckThreads(result.GetValue(threads));
            ulong s = result.GetValue(seed);
            ShardedModelWriter.Check(architecture, s);
            var plan = ShardPlan.Of(architecture, type, maxShard);
            var mine = plan.Part(k, n);
            string dir = result.GetRequiredValue(output);
            Directory.CreateDirectory(dir);
            var terminal = Terminal.For(result);
            bool asJson = result.GetValue(json);
            if (!asJson)
            {
                string partText = n > 1 ? FormattableString.Invariant($"; part {k}/{n} writes {mine.Count} of them ({mine.Sum(x => x.Bytes) / 1e9:F2} GB)") : "";
                string plural = plan.Shards.Count == 1 ? "" : "s";
                terminal.Out.WriteLine(FormattableString.Invariant(
                    $"{architecture.Kind}: {architecture.Count:N0} parameters, {plan.TotalBytes / 1e9:F2} GB of {type.Name()} in {plan.Shards.Count} shard{plural}{partText}, seed {s}, to {dir}"));
            }
            ShardedModelWriter.WriteIndex(dir, plan);
            var clock = Stopwatch.StartNew();
            long done = 0, total = mine.Sum(x => x.Bytes);
            var progress = ByteProgress.ForStderr(result.InvocationConfiguration.Error ?? Console.Error, total);
            foreach (var shard in mine)
            {
                long before = done;
                ShardedModelWriter.WriteShard(dir, shard, type, s, workers, bytes => progress?.Report(before + bytes, shard.File));
                done += shard.Bytes;
                if (!asJson)
                {
                    progress?.Clear();
                    terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {shard.File}  {shard.Tensors.Count,4} tensors  {shard.Bytes / 1e9,7:F3} GB"));
                    terminal.Out.Flush();
                }
            }
            progress?.Clear();
            double seconds = clock.Elapsed.TotalSeconds;
            if (asJson)
            {
                terminal.Out.WriteLine(new JsonObject
                {
                    ["kind"] = architecture.Kind, ["parameters"] = architecture.Count, ["dtype"] = type.Name(), ["total_bytes"] = plan.TotalBytes,
                    ["shards"] = plan.Shards.Count, ["part"] = $"{k}/{n}", ["written"] = new JsonArray([.. mine.Select(x => (JsonNode?)x.File)]),
                    ["bytes_written"] = total, ["seconds"] = seconds, ["gb_per_second"] = total / 1e9 / seconds,
                }.ToJsonString());
                return 0;
            }
            string indexText = plan.Shards.Count > 1 ? $"; index {ShardedModelWriter.IndexFile}" : "";
            string shards = mine.Count == 1 ? "shard" : "shards";
            terminal.Out.WriteLine(FormattableString.Invariant($"wrote {mine.Count} {shards}, {total / 1e9:F2} GB in {seconds:F1} s: {total / 1e9 / seconds:F2} GB/s{indexText}"));
            return 0;
        });
        return command;
    }

    static DType ParseDType(string text) => text.ToLowerInvariant() switch
    {
        "bf16" or "bfloat16" => DType.BFloat16,
        "f16" or "float16" or "fp16" => DType.Float16,
        "f32" or "float32" or "fp32" => DType.Float32,
        _ => throw new ArgumentException($"--dtype = '{text}' is not allowed; use bf16, f16 or f32."),
    };

    /// <summary>Parses a size as <c>save_pretrained</c> does: KB/MB/GB are powers of 10, KiB/MiB/GiB powers of 2.</summary>
    internal static long ParseSize(string text)
    {
        var m = SizePattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0))
            throw new ArgumentException($"--shard-size = '{text}' is not allowed; give a positive size such as 5GB, 500MB, 2GiB or a byte count.");
        double unit = m.Groups[2].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1, "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, "TB" => 1e12,
            "KIB" => 1 << 10, "MIB" => 1 << 20, "GIB" => 1 << 30, _ => Math.Pow(2, 40),
        };
        return (long)Math.Max(1, value * unit);
    }

    [GeneratedRegex(@"^([0-9]*\.?[0-9]+(?:[eE][0-9]+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    static (int K, int N) ParsePart(string? text)
    {
        if (text is null)
            return (1, 1);
        string[] parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && k >= 1 && k <= n)
            return (k, n);
        throw new ArgumentException($"--part = '{text}' is not allowed; give k/n with 1 ≤ k ≤ n, e.g. 3/8.");
    }

    /// <summary>A redrawn stderr line: bytes written, GB/s, the current shard; only on an interactive stderr.</summary>
    sealed class ByteProgress(TextWriter error, long total)
    {
        readonly Stopwatch _clock = Stopwatch.StartNew(), _sinceDraw = Stopwatch.StartNew();

        public static ByteProgress? ForStderr(TextWriter error, long total) =>
            ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? new ByteProgress(error, total) : null;

        public void Report(long bytes, string file)
        {
            if (_sinceDraw.ElapsedMilliseconds < 200 && bytes < total)
                return;
            _sinceDraw.Restart();
            int width = 30, filled = total == 0 ? width : (int)(width * bytes / total);
            error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{new string('█', filled)}{new string('░', width - filled)} {bytes / 1e9:F2}/{total / 1e9:F2} GB  {bytes / 1e9 / _clock.Elapsed.TotalSeconds:F2} GB/s  {file}   "));
        }

        public void Clear() => error.Write("\r" + new string(' ', 100) + "\r");
    }
}
