using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using InitLab.Data;
using InitLab.IO;
using InitLab.Lab;
using InitLab.Models;
using InitLab.Reports;
using InitLab.Training;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab compare</c>: a grid of training runs over inits, activations, norms, optimizers and seeds, with statistics and a report; resumable.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var preset = new Option<string?>("--preset") { Description = $"A grid from the literature: {string.Join(", ", ComparisonPresets.Names)} (docs/results.md)." };
        var data = new Option<string?>("--data") { Description = "fashion-mnist, embedded, or a directory of MNIST-layout IDX files." };
        var model = new Option<string[]>("--model") { Description = "Model specs, comma-separated, e.g. mlp:784-256-10,resmlp:784-256x2-10." };
        var init = new Option<string[]>("--init") { Description = "Weight schemes NAME[:KEY=VALUE,...] or model-level initializers, comma-separated, e.g. he-normal,normal:std=0.01,lsuv." };
        var act = new Option<string[]>("--act") { Description = "Hidden activations, comma-separated (default relu)." };
        var norm = new Option<string[]>("--norm") { Description = "Normalizations, comma-separated: none, batch, layer (default none)." };
        var opt = new Option<string[]>("--opt") { Description = "Optimizers NAME[:KEY=VALUE,...], comma-separated: sgd, adam, adamw, rmsprop, adagrad, radam, nadam, lamb, ranger, e.g. sgd,rmsprop:centered=true,adam:lookahead=5 (default sgd; docs/training.md)." };
        var lr = new Option<string[]>("--lr") { Description = "Learning rates, comma-separated (default 0.01)." };
        var seeds = CliOptions.Create("--seeds", "Runs per cell (seeds --seed, --seed + 1, …).", () => 3);
        var seed = CliOptions.Seed();
        seed.Description = "The first run's seed.";
        var epochs = new Option<int?>("--epochs") { Description = "Epochs per run (default 3)." };
        var steps = new Option<long?>("--steps") { Description = "Optimizer steps per run, instead of --epochs." };
        var batch = new Option<int?>("--batch") { Description = "Images per batch (default 128)." };
        var precision = new Option<string?>("--precision") { Description = "The arithmetic of every run's linear and convolution products: fp32 (default) or bf16 (bfloat16 operands, float32 accumulation and master weights).", HelpName = "fp32|bf16" };
        var momentum = new Option<double?>("--momentum") { Description = "SGD momentum, for the sgd cells (default 0)." };
        var weightDecay = new Option<double?>("--weight-decay") { Description = "Weight decay (L2 for sgd and adam, decoupled for adamw)." };
        var dropout = new Option<double?>("--dropout") { Description = "Dropout p after each hidden fully connected layer." };
        var regularization = new RegularizationOptions();
        var ema = new Option<double?>("--ema") { Description = "Every run keeps an exponential moving average of its weights with this decay (train --ema); its test accuracy is metrics.csv's ema_test_accuracy." };
        var swa = new Option<string?>("--swa") { Description = "Every run keeps a stochastic weight average (train --swa); its test accuracy is metrics.csv's swa_test_accuracy. " + TrainCommand.SwaHelp };
        var biasInit = new Option<string?>("--bias-init") { Description = "The bias scheme (default zeros)." };
        var schedule = new Option<string[]>("--lr-schedule") { Description = "Comma-separated schedules (an axis when more than one), each: " + TrainCommand.ScheduleHelp };
        var targetLoss = new Option<double?>("--target-loss") { Description = "The smoothed training loss whose first step is reported (default 0.5)." };
        var lossAt = new Option<string[]>("--loss-at") { Description = "Steps at which the smoothed training loss is reported, comma-separated (default: ¼, ½ and all of the run)." };
        var threads = CliOptions.Threads();
        var parallel = CliOptions.Create("--parallel", "Runs at once, each with --threads / k kernel threads; the results are the same bits for any k.", () => 1);
        var output = new Option<string?>("--out") { Description = "The run store: grid.json and one train --out directory per run (required)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the comparison in --out: finished runs are kept, an interrupted one continues from its checkpoint." };
        var report = new Option<string?>("--report") { Description = "Write the self-contained HTML report to this file." };
        var json = CliOptions.Json();
        json.Description = "Print the summary as one JSON object instead of the tables.";
        var modelInit = new ModelInitCliOptions();
        var (classes, perClass) = TrainCommand.SubsetOptions();
        var initFrom = new Option<string[]>("--init-from") { Description = "Start from pretrained weights, comma-separated, 'scratch' for none: an axis, e.g. scratch,pretrain-run (paths as train --init-from)." };
        var initFromSkip = new Option<string[]>("--init-from-skip") { Description = "PATTERN of parameters the --init-from cells do not load (glob, e.g. 'layers.4.*'; repeatable)." };
        var freeze = new Option<string[]>("--freeze") { Description = "PATTERN of parameters the --init-from cells keep fixed (glob; repeatable)." };

        var command = new Command("compare", "Train a grid of runs (inits × activations × norms × optimizers × seeds) and compare them: statistics, init-time diagnostics and a report.")
        {
            preset, data, model, init, act, norm, opt, lr, seeds, seed, epochs, steps, batch, precision, momentum, weightDecay, dropout, biasInit, schedule, ema, swa,
            targetLoss, lossAt, threads, parallel, output, resume, report, json, classes, perClass, initFrom, initFromSkip, freeze,
        };
        foreach (var option in (Option[])[.. modelInit.Initializers, .. regularization.All])
            command.Add(option);
        Option[] axes = [model, init, act, norm, opt, lr, momentum, weightDecay, dropout, biasInit, schedule, initFrom, initFromSkip, freeze, .. modelInit.Initializers, .. regularization.All];
        Option[] gridOptions = [preset, data, classes, perClass, seeds, seed, epochs, steps, batch, precision, targetLoss, lossAt, .. axes];

        command.SetAction(result =>
        {
            bool Given(Option o) => result.GetResult(o) is { Implicit: false };
            var clock = Stopwatch.StartNew();
            string outDir = result.GetValue(output) ?? throw new ArgumentException("compare needs --out DIR, the run store (grid.json and one directory per run).");
            int workers = CliOptions.AtLeastOne(result.GetValue(parallel), "--parallel");
            int kernelThreads = CliOptions.CheckThreads(result.GetValue(threads));
            string? reportPath = result.GetValue(report);
            if (reportPath is not null && !reportPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--report = '{reportPath}' must end in .html.");
            if (Given(epochs) && Given(steps))
                throw new ArgumentException("give --epochs or --steps, not both.");

            RunStore store;
            DataSplits splits;
            if (result.GetValue(resume) && !gridOptions.Any(Given))
            {
                store = RunStore.Open(outDir, null);
                splits = DataSource.Load(store.Grid.Template.Data);
            }
            else
            {
                var grid = BuildGrid(result, preset, data, model, init, act, norm, opt, lr, seeds, seed, epochs, steps, batch, precision, momentum, weightDecay, dropout,
                    biasInit, schedule, targetLoss, lossAt, modelInit, regularization, axes, (classes, perClass, initFrom, initFromSkip, freeze));
                if (result.GetValue(ema) is double decay)
                    grid = (grid with { Template = grid.Template with { Ema = decay } }).Validate();
                if (result.GetValue(swa) is { } swaText)
                    grid = (grid with { Template = grid.Template with { Swa = Training.SwaSpec.Parse(swaText).ToString() } }).Validate();
                splits = DataSource.Load(grid.Template.Data);
                // Every cell must build and initialize before anything is written.
                foreach (var cell in grid.Cells())
                    Trainer.Check(RunExecutor.Resolve(cell.Config, splits), splits.Train);
                store = result.GetValue(resume) ? RunStore.Open(outDir, grid) : RunStore.Create(outDir, grid);
            }
            var terminal = Terminal.For(result);
            bool asJson = result.GetValue(json);
            var runs = store.Grid.Runs();
            if (!asJson)
            {
                var shown = runs[0].Config.Select(splits);
                terminal.Out.WriteLine($"compare {store.Grid.Name}: {store.Grid.Cells().Count} cells × {store.Grid.Seeds} seeds = {runs.Count} runs on {splits.Origin} " +
                                       $"({shown.Train.Count} train / {shown.Test.Count} test), store {outDir}");
            }
            long stepsToTake = runs.Where(r => store.TryLoadResult(r) is null).Sum(r => StepsOf(r, splits));
            int finished = 0;
            void Finished(GridRun run, int slot, RunResult r, bool reused)
            {
                int done = Interlocked.Increment(ref finished);
                if (asJson)
                    return;
                string outcome = r.Status == RunStatus.Diverged ? $"diverged at step {r.DivergedAtStep}" : $"final acc {r.FinalAccuracy:F4}  best {r.BestAccuracy:F4}" +
                    (double.IsNaN(r.AverageAccuracy(e => e.EmaTestAccuracy)) ? "" : $"  ema {r.AverageAccuracy(e => e.EmaTestAccuracy):F4}") +
                    (double.IsNaN(r.AverageAccuracy(e => e.SwaTestAccuracy)) ? "" : $"  swa {r.AverageAccuracy(e => e.SwaTestAccuracy):F4}");
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{done,4}/{runs.Count}] {run.Cell.Key[..3]} {run.Cell.Label}  seed {run.Seed}  {outcome}  {(reused ? "(finished before)" : $"{r.Seconds:F1} s")}"));
                terminal.Out.Flush();
            }
            using var progress = GridProgress.ForStderr(result.InvocationConfiguration.Error ?? Console.Error, runs.Count, stepsToTake, workers);
            using var interrupt = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                interrupt.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            ComparisonOutcome outcome;
            try
            {
                outcome = ComparisonRunner.Run(store, splits, kernelThreads, workers,
                    progress?.Events(Finished) ?? new ComparisonEvents { Finished = Finished }, interrupt.Token, clock);
            }
            catch (OperationCanceledException)
            {
                throw new IOException($"interrupted: {finished} of {runs.Count} runs are finished in '{outDir}'; continue with the same command and --resume.");
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            progress?.Dispose();
            var summary = ComparisonSummary.Of(outcome);
            AtomicFile.WriteText(Path.Combine(outDir, RunStore.SummaryFile), summary.ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
            if (reportPath is not null)
                AtomicFile.WriteText(reportPath, ComparisonReport.Page(summary));
            if (asJson)
            {
                terminal.Out.WriteLine(summary.ToJson().ToJsonString());
                return 0;
            }
            Print(terminal, summary);
            if (reportPath is not null)
                terminal.Out.WriteLine($"wrote {reportPath}");
            return 0;
        });
        return command;
    }

    static long StepsOf(GridRun run, DataSplits data)
    {
        var config = RunExecutor.Resolve(run.Config, data);
        return config.Steps ?? (long)config.Epochs * new BatchLoader(config.Select(data).Train, config.Batch, config.Seed, shuffle: false).BatchCount;
    }

    static ComparisonGrid BuildGrid(ParseResult result, Option<string?> preset, Option<string?> data, Option<string[]> model, Option<string[]> init,
        Option<string[]> act, Option<string[]> norm, Option<string[]> opt, Option<string[]> lr, Option<int> seeds, Option<ulong> seed, Option<int?> epochs,
        Option<long?> steps, Option<int?> batch, Option<string?> precision, Option<double?> momentum, Option<double?> weightDecay, Option<double?> dropout, Option<string?> biasInit,
        Option<string[]> schedule, Option<double?> targetLoss, Option<string[]> lossAt, ModelInitCliOptions modelInit, RegularizationOptions regularization, Option[] axes,
        (Option<string?> Classes, Option<int?> PerClass, Option<string[]> From, Option<string[]> Skip, Option<string[]> Freeze) start)
    {
        bool Given(Option o) => result.GetResult(o) is { Implicit: false };
        ComparisonGrid grid;
        if (result.GetValue(preset) is { } name)
        {
            grid = ComparisonPresets.Get(name);
            if (axes.FirstOrDefault(Given) is { } clash)
                throw new ArgumentException($"{clash.Name} cannot be combined with --preset {name}, which fixes the grid's models, schemes and optimizer settings; " +
                                            "--data, --seeds, --seed, --epochs, --steps, --batch, --precision, --target-loss and --loss-at may change.");
        }
        else
        {
            var schedules = Values(result, schedule) is { } listed ? GridList.Split(listed, "--lr-schedule", schemes: true) : ["constant"];
            var inits = GridList.Split(Values(result, init) ?? throw new ArgumentException("compare needs --init (a comma-separated list of schemes) or --preset NAME."), "--init", schemes: true);
            var template = regularization.Apply(result, new TrainingConfig
            {
                Data = "embedded",
                Model = "mlp:784-10",
                Epochs = 3,
                Batch = 128,
                Momentum = result.GetValue(momentum) ?? 0,
                WeightDecay = result.GetValue(weightDecay) ?? 0,
                Dropout = result.GetValue(dropout) ?? 0,
                BiasInit = result.GetValue(biasInit) ?? "zeros",
                // One schedule is the template's (as in grids stored before schedules were an axis); several are an axis.
                LrSchedule = schedules[0],
                InitOptions = modelInit.Read(result, inits, string.Join(",", inits)),
            });
            var axesOf = new GridAxes(
                GridList.Split(Values(result, model) ?? throw new ArgumentException("compare needs --model SPEC[,SPEC...], e.g. mlp:784-256-10, or --preset NAME."), "--model"),
                inits,
                GridList.Split(Values(result, act) ?? ["relu"], "--act", schemes: false),
                [.. GridList.Split(Values(result, norm) ?? ["none"], "--norm").Select(n => Parse<Normalization>(n, "--norm", "none, batch or layer"))],
                [.. GridList.Split(Values(result, opt) ?? ["sgd"], "--opt", schemes: true).Select(o => OptimizerSpec.Parse(o, "--opt"))],
                [.. GridList.Split(Values(result, lr) ?? ["0.01"], "--lr").Select(v => Number(v, "--lr"))],
                InitFroms: Starts(result, start.From, start.Skip, start.Freeze),
                Schedules: schedules.Count > 1 ? schedules : null);
            foreach (string a in axesOf.Activations)
                Activations.Activation.Parse(a, "--act");
            grid = new ComparisonGrid { Template = template, Blocks = [axesOf] };
        }
        var t = grid.Template;
        grid = grid with
        {
            Template = t with
            {
                Data = result.GetValue(data) ?? t.Data,
                Classes = result.GetValue(start.Classes) is { } named ? ClassSubset.Parse(named) : t.Classes,
                PerClass = result.GetValue(start.PerClass) ?? t.PerClass,
                Epochs = result.GetValue(epochs) ?? (Given(steps) ? 1 : t.Epochs),
                Steps = result.GetValue(steps) ?? (Given(epochs) ? null : t.Steps),
                Batch = result.GetValue(batch) ?? t.Batch,
                Precision = result.GetValue(precision) is { } p ? CliOptions.ParsePrecision(p) : t.Precision,
            },
            Seeds = Given(seeds) || result.GetValue(preset) is null ? result.GetValue(seeds) : grid.Seeds,
            FirstSeed = result.GetValue(seed),
            TargetLoss = result.GetValue(targetLoss) ?? grid.TargetLoss,
            LossAt = Values(result, lossAt) is { } at ? [.. GridList.Split(at, "--loss-at").Select(v => Step(v, "--loss-at"))] : grid.LossAt,
        };
        return grid.Validate();
    }

    /// <summary>The <c>--init-from</c> axis: one entry per comma-separated path, null for <c>scratch</c>; null without the option.</summary>
    static IReadOnlyList<Pretrained.PretrainedInit?>? Starts(ParseResult result, Option<string[]> from, Option<string[]> skip, Option<string[]> freeze)
    {
        string[] skips = result.GetValue(skip) ?? [], freezes = result.GetValue(freeze) ?? [];
        if (Values(result, from) is not { } paths)
            return skips.Length + freezes.Length > 0
                ? throw new ArgumentException($"{(skips.Length > 0 ? "--init-from-skip" : "--freeze")} applies to cells that load weights; add --init-from scratch,PATH.")
                : null;
        return [.. GridList.Split(paths, "--init-from").Select(p => p == "scratch" ? null
            : new Pretrained.PretrainedInit { From = Path.GetFullPath(p), Skip = skips, Freeze = freezes }.Validate())];
    }

    static string[]? Values(ParseResult result, Option<string[]> option) => result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;

    static T Parse<T>(string value, string option, string allowed) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0])
            ? parsed
            : throw new ArgumentException($"{option} = '{value}' is not allowed; use {allowed}.");

    static double Number(string value, string option) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new ArgumentException($"{option} = '{value}' is not a number.");

    static long Step(string value, string option) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v >= 1 ? v : throw new ArgumentException($"{option} = '{value}' is not a step ≥ 1.");

    static void Print(Terminal terminal, ComparisonSummary summary)
    {
        var o = summary.Outcome;
        double overhead = o.Executed > 0 && o.RunSeconds > 0 ? (o.Seconds - o.RunSeconds) / o.RunSeconds : double.NaN;
        string overheadText = double.IsFinite(overhead) && o.Executed == o.Runs.Count ? FormattableString.Invariant($", grid overhead {overhead * 100:F1}%") : "";
        terminal.Out.WriteLine(FormattableString.Invariant($"{o.Runs.Count} runs ({o.Executed} in this process) in {o.Seconds:F1} s; the runs' own time {o.RunSeconds:F1} s{overheadText}"));
        var rows = ComparisonReport.RankingRows(summary);
        var table = new Table().AddColumns([.. rows[0].Select(h => new TableColumn(Markup.Escape(h)))]);
        foreach (var row in rows.Skip(1))
            table.AddRow([.. row.Select(Markup.Escape)]);
        terminal.Rich.Write(table);
        terminal.Out.WriteLine($"✱ worse than the best cell (Welch's t-test on the final accuracy over seeds, Holm-corrected over the {Math.Max(0, summary.Ranking.Count - 1)} comparisons, p < {ComparisonSummary.Alpha}); a diverged run counts at chance accuracy.");
        var signals = string.Join("; ", summary.Signals.Where(s => double.IsFinite(s.Spearman)).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Signal} ρ = {s.Spearman:F2}")));
        if (signals.Length > 0)
            terminal.Out.WriteLine($"init-time signal vs final accuracy (Spearman over runs): {signals}");
    }
}
