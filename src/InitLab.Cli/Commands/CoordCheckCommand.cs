using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using InitLab.Data;
using InitLab.Init.MuP;
using InitLab.Init.Network;
using InitLab.IO;
using InitLab.Models.Spec;
using InitLab.Reports;
using InitLab.Training;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab coordcheck</c>: the μP coordinate check, mean |activation| per layer over the first steps at several widths.</summary>
internal static class CoordCheckCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "The model spec (docs/models.md); it is scaled to each width, e.g. mlp:784-256-256-256-10." };
        var widths = CliOptions.Create("--widths", "Comma-separated widths.", () => "64,128,256,512,1024,2048");
        var parametrization = CliOptions.Create("--parametrization", "sp or mup.", () => "mup");
        parametrization.AcceptOnlyFromAmong("sp", "mup");
        var baseWidth = new Option<int?>("--base-width") { Description = "μP's base width (default: the spec's own width)." };
        var zeroReadout = new Option<bool>("--zero-readout") { Description = "μP: initialize the classifier to 0 (as the mup package's coordinate-check test)." };
        var opt = CliOptions.Create("--opt", "adam or sgd.", () => "adam");
        opt.AcceptOnlyFromAmong("adam", "sgd");
        var lr = new Option<double?>("--lr") { Description = "The learning rate (default 0.001 for adam, 0.1 for sgd, as the mup package's test)." };
        var steps = CliOptions.Create("--steps", "Forward passes per width (t = 1 is at init).", () => 3);
        var batch = CliOptions.Create("--batch", "Images in the fixed batch.", () => 64);
        var seeds = CliOptions.Create("--seeds", "Average mean |x| over this many seeds (--seed, --seed + 1, …).", () => 1);
        var act = CliOptions.Create("--act", "The hidden activation.", () => "relu");
        var init = CliOptions.Create("--init", "The weight scheme (as in train).", () => "he-normal");
        var data = CliOptions.Create("--data", "fashion-mnist, embedded, or a directory.", () => DataSource.Embedded);
        var seed = CliOptions.Seed();
        var threads = CliOptions.Threads();
        var report = new Option<string?>("--report") { Description = "Write an HTML page with one log–log chart per step." };
        var json = CliOptions.Json();
        json.Description = "Print {\"rows\": [{\"width\", \"layer\", \"step\", \"l1\"}]}.";
        var command = new Command("coordcheck", "The μP coordinate check: mean |activation| per layer at steps 1..N for each width (flat under μP).")
        {
            model, widths, parametrization, baseWidth, zeroReadout, opt, lr, steps, batch, seeds, act, init, data, seed, threads, report, json,
        };
        command.SetAction(result =>
        {
            var spec = ModelSpec.Parse(result.GetValue(model) ?? throw new ArgumentException("coordcheck needs --model SPEC, e.g. mlp:784-256-256-256-10."));
            var widthList = ParseWidths(result.GetValue(widths)!);
            var optimizer = Enum.Parse<OptimizerKind>(result.GetValue(opt)!, ignoreCase: true);
            var config = new TrainingConfig
            {
                Data = result.GetValue(data)!,
                Model = spec.ToString(),
                Activation = result.GetValue(act)!,
                Init = result.GetValue(init)!,
                Optimizer = optimizer,
                LearningRate = result.GetValue(lr) ?? (optimizer == OptimizerKind.Adam ? 0.001 : 0.1),
                Seed = result.GetValue(seed),
                InitOptions = new ModelInitOptions
                {
                    Parametrization = Enum.Parse<Parametrization>(result.GetValue(parametrization)!, ignoreCase: true),
                    BaseWidth = result.GetValue(baseWidth),
                    ZeroReadout = result.GetValue(zeroReadout),
                },
            }.Validate();
            var settings = new CoordinateCheckSettings(spec, widthList, config, result.GetValue(steps), result.GetValue(batch), result.GetValue(seeds));
            var rows = CoordinateCheck.Run(settings, DataSource.Load(config.Data), result.GetValue(threads));
            var terminal = Terminal.For(result);
            if (result.GetValue(report) is { } path)
            {
                string title = $"Coordinate check: {spec}, {result.GetValue(parametrization)}, {result.GetValue(opt)} lr {config.LearningRate.ToString(CultureInfo.InvariantCulture)}";
                string html = CoordinateCheckReport.Create(title, rows).ToString();
                AtomicFile.WriteText(path, html);
            }
            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(new JsonObject
                {
                    ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                    {
                        ["width"] = r.Width, ["layer"] = r.Layer, ["module"] = r.Module, ["step"] = r.Step, ["l1"] = r.L1,
                    })]),
                }.ToJsonString());
                return 0;
            }
            var table = new Table().AddColumn("layer").AddColumn("step");
            foreach (int w in widthList)
                table.AddColumn(w.ToString(CultureInfo.InvariantCulture));
            foreach (var group in rows.GroupBy(r => (r.Layer, r.Step)).OrderBy(g => g.Key.Step))
                table.AddRow([Markup.Escape($"{group.Key.Layer} {group.First().Module}"), group.Key.Step.ToString(CultureInfo.InvariantCulture),
                    .. widthList.Select(w => group.First(r => r.Width == w).L1.ToString("G4", CultureInfo.InvariantCulture))]);
            terminal.Rich.Write(table);
            return 0;
        });
        return command;
    }

    static int[] ParseWidths(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
                throw new ArgumentException($"--widths = '{text}': '{parts[i]}' is not a width ≥ 1.");
        if (widths.Distinct().Count() != widths.Length)
            throw new ArgumentException($"--widths = '{text}' lists a width twice.");
        return widths;
    }
}
