using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using InitLab.Compute;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab bench gemm</c> and <c>initlab bench conv</c>: compute-core throughput, GEMM beside the FMA peak measured in the same run.</summary>
internal static class BenchComputeCommands
{
    /// <summary>The convolutions of the Fashion-MNIST CNN (3×3, padding 1). conv1 reads the data, so like training it skips the input gradient.</summary>
    static readonly (string Name, int InChannels, int OutChannels, int Size, bool InputGrad)[] ConvLayers =
    [
        ("conv1", 1, 32, 28, false),
        ("conv2", 32, 64, 14, true),
    ];

    public static Command CreateGemm()
    {
        var size = CliOptions.Create("--size", "m = n = k unless --m, --n or --k overrides one.", () => 1024);
        var m = CliOptions.Create<int?>("--m", "Rows of op(A) and C.");
        var n = CliOptions.Create<int?>("--n", "Columns of op(B) and C.");
        var k = CliOptions.Create<int?>("--k", "Columns of op(A), rows of op(B).");
        var transA = CliOptions.Create<bool>("--transpose-a", "Store A as k×m and multiply by Aᵀ.");
        var transB = CliOptions.Create<bool>("--transpose-b", "Store B as n×k and multiply by Bᵀ.");
        var threads = CliOptions.Threads();
        var seconds = CliOptions.Create("--seconds", "Time budget for the timed GEMM repetitions; the median is reported.", () => 1.0);
        var json = CliOptions.Json();
        var command = new Command("gemm", "SGEMM GFLOP/s beside this CPU's FMA peak, both measured in this run.")
        {
            size, m, n, k, transA, transB, threads, seconds, json,
        };
        command.SetAction(result =>
        {
            int s = result.GetValue(size);
            int rows = CliOptions.AtLeastOne(result.GetValue(m) ?? s, "--m"), cols = CliOptions.AtLeastOne(result.GetValue(n) ?? s, "--n"),
                depth = CliOptions.AtLeastOne(result.GetValue(k) ?? s, "--k");
            if ((long)rows * depth > Array.MaxLength || (long)depth * cols > Array.MaxLength || (long)rows * cols > Array.MaxLength)
                throw new ArgumentException($"--m/--n/--k = {rows}/{cols}/{depth}: every matrix must hold at most {Array.MaxLength} elements.");
            double budget = CliOptions.PositiveSeconds(result.GetValue(seconds));
            int t = BenchCommand.Threads(result.GetValue(threads));
            var output = Terminal.For(result).Out;
            var ta = result.GetValue(transA) ? Transpose.Yes : Transpose.No;
            var tb = result.GetValue(transB) ? Transpose.Yes : Transpose.No;
            var stream = new Random.RandomStream(0, "bench-gemm");
            var a = new float[rows * depth];
            var b = new float[depth * cols];
            var c = new float[rows * cols];
            Random.Fill.Uniform<float>(a, stream, -1, 1);
            Random.Fill.Uniform<float>(b, stream, -1, 1, offset: a.Length);
            void Once() => Gemm.Multiply(a, b, c, rows, cols, depth, ta, tb, t);
            // The peak is measured before and after the GEMM and the higher kept, so the ratio is never flattered by a dip.
            double peak = FmaPeak.Measure(t);
            double median = TimedMedian(Once, budget);
            peak = Math.Max(peak, FmaPeak.Measure(t));
            double gflops = 2.0 * rows * cols * depth / median / 1e9;
            if (result.GetValue(json))
            {
                output.WriteLine(new JsonObject
                {
                    ["m"] = rows, ["n"] = cols, ["k"] = depth, ["threads"] = t, ["gflops"] = gflops, ["peak_gflops"] = peak,
                }.ToJsonString());
            }
            else
            {
                string op = $"{(ta == Transpose.Yes ? "Aᵀ" : "A")}·{(tb == Transpose.Yes ? "Bᵀ" : "B")}";
                output.WriteLine($"sgemm {op} m={rows} n={cols} k={depth} on {t} threads: {gflops:F1} GFLOP/s " +
                                 $"({100 * gflops / peak:F0}% of the measured FMA peak {peak:F1} GFLOP/s)");
            }
            return 0;
        });
        return command;
    }

    public static Command CreateConv()
    {
        var batch = CliOptions.Create("--batch", "Samples per batch.", () => 128);
        var threads = CliOptions.Threads();
        var repeats = CliOptions.Create("--repeats", "Timed repetitions per layer; the median is reported.", () => 21);
        var json = CliOptions.Json();
        var command = new Command("conv", "Median forward+backward milliseconds for the Fashion-MNIST CNN's convolutions (1→32 on 28×28, 32→64 on 14×14, 3×3, padding 1).")
        {
            batch, threads, repeats, json,
        };
        command.SetAction(result =>
        {
            int n = CliOptions.AtLeastOne(result.GetValue(batch), "--batch");
            int reps = CliOptions.AtLeastOne(result.GetValue(repeats), "--repeats");
            int t = BenchCommand.Threads(result.GetValue(threads));
            var output = Terminal.For(result).Out;
            var layers = new JsonArray();
            double total = 0;
            var stream = new Random.RandomStream(0, "bench-conv");
            foreach (var (name, cin, cout, size, inputGrad) in ConvLayers)
            {
                var g = new Conv2dGeometry(n, cin, size, size, cout, 3, 3, padding: 1);
                var x = new float[g.InputLength];
                var w = new float[g.WeightLength];
                var bias = new float[cout];
                var y = new float[g.OutputLength];
                var dy = new float[g.OutputLength];
                var dx = inputGrad ? new float[g.InputLength] : [];
                var dw = new float[g.WeightLength];
                var db = new float[cout];
                Random.Fill.Uniform<float>(x, stream, -1, 1);
                Random.Fill.Uniform<float>(w, stream, -0.3, 0.3, offset: x.Length);
                Random.Fill.Uniform<float>(dy, stream, -1, 1, offset: x.Length + w.Length);
                double ms = 1e3 * BenchCommand.Median(reps, () =>
                {
                    Conv2d.Forward(g, x, w, bias, y, t);
                    Conv2d.Backward(g, x, w, dy, dx, dw, db, t);
                });
                total += ms;
                layers.Add(new JsonObject { ["name"] = name, ["ms"] = ms });
                if (!result.GetValue(json))
                    output.WriteLine($"{name}: {cin}→{cout}, 3×3 on {size}×{size}, batch {n}: {ms:F2} ms forward+backward");
            }
            if (result.GetValue(json))
                output.WriteLine(new JsonObject { ["layers"] = layers, ["total_ms"] = total }.ToJsonString());
            else
                output.WriteLine($"total: {total:F2} ms on {t} threads");
            return 0;
        });
        return command;
    }

    /// <summary>Warms up, then repeats <paramref name="action"/> for about <paramref name="seconds"/> (at least 5 times) and returns the median seconds.</summary>
    static double TimedMedian(Action action, double seconds)
    {
        action();
        var clock = Stopwatch.StartNew();
        action();
        double once = Math.Max(clock.Elapsed.TotalSeconds, 1e-7);
        int repeats = (int)Math.Clamp(seconds / once, 5, 1000);
        return BenchCommand.Median(repeats, action);
    }
}
