using System.CommandLine;
using InitLab.Activations;
using InitLab.Data;
using InitLab.Diagnostics;
using InitLab.Init.Network;
using InitLab.IO;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Reports;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab probe</c>: what an initialization does to a deep network, layer by layer, beside the theory; <c>--experiment classic</c> runs the classic demonstration.</summary>
internal static class ProbeCommand
{
    const string Classic = "classic";

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "A model spec, e.g. mlp:784-256-128-10 or cnn:c32-p-c64-p-f128-10 (docs/models.md)." };
        var width = new Option<int?>("--width") { Description = "Units per layer of a plain chain (with --depth): D layers of W→W, the activation after each." };
        var depth = new Option<int?>("--depth") { Description = "Layers of the plain chain (with --width)." };
        var act = CliOptions.Create("--act", "The activation: relu, tanh, sigmoid, leaky_relu[:slope], elu[:alpha], selu, gelu, silu, softplus, identity.", () => "tanh");
        var init = new Option<string?>("--init") { Description = "The weight scheme, NAME[:KEY=VALUE,...] (initlab list); its parameters may also be given as options, e.g. --init normal --std 0.01. " +
                                                                 "Or a model-level initializer: lsuv, weight-norm, fixup, rezero (skipinit), zero-init-residual, gpt2-scaled, zero (ZerO)." };
        var schemeOptions = new SchemeOptions();
        var modelInitOptions = new ModelInitCliOptions();
        var biasInit = CliOptions.Create("--bias-init", "The bias scheme.", () => "zeros");
        var batch = CliOptions.Create("--batch", "Samples in the probe batch.", () => 1000);
        var input = CliOptions.Create("--input", "gaussian (N(0, 1)), fashion-mnist or embedded (the first --batch training images).", () => "gaussian");
        var lr = CliOptions.Create("--lr", "The learning rate of the measured SGD step (‖ΔW‖/‖W‖).", () => 0.01);
        var seed = CliOptions.Seed();
        var threads = CliOptions.Threads();
        var json = CliOptions.Json();
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report (inline SVG) to this file." };
        var experiment = new Option<string?>("--experiment") { Description = "classic: 10 layers × 500 units, tanh and ReLU, six initializations side by side (Glorot & Bengio 2010; LSUV)." };

        var command = new Command("probe", "Probe a network at initialization: per-layer activation statistics, gradients and the Jacobian spectrum, beside the theory.")
        {
            model, width, depth, act, init, biasInit, batch, input, lr, seed, threads, json, report, experiment,
        };
        var pretrained = new PretrainedCliOptions();
        foreach (var option in (Option[])[.. schemeOptions.All, .. modelInitOptions.Initializers, .. pretrained.Loading])
            command.Add(option);
        command.SetAction(result =>
        {
            int samples = CliOptions.AtLeastOne(result.GetValue(batch), "--batch");
            int workers = CliOptions.CheckThreads(result.GetValue(threads));
            string? reportPath = result.GetValue(report);
            if (reportPath is not null && !reportPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--report = '{reportPath}' must end in .html.");
            if (result.GetValue(experiment) is { } name)
            {
                if (name != Classic)
                    throw new ArgumentException($"--experiment = '{name}' is not known; the experiment is '{Classic}'.");
                Option[] fixedByExperiment = [model, width, depth, act, init, biasInit, input, lr, .. schemeOptions.All, .. modelInitOptions.Initializers];
                if (fixedByExperiment.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } clash)
                    throw new ArgumentException($"{clash.Name} cannot be combined with --experiment {Classic}, which fixes the model, the inputs and the schemes.");
                return RunClassic(result, samples, result.GetValue(seed), workers, reportPath, result.GetValue(json));
            }
            var activation = Activation.Parse(result.GetValue(act)!, "--act");
            string weights = WeightScheme(result, result.GetValue(init), schemeOptions);
            var modelInit = new ModelInit(weights, modelInitOptions.Read(result, weights));
            var (network, probeInput, classifier, description, data) = Build(modelInit, result.GetValue(model), result.GetValue(width), result.GetValue(depth), activation,
                result.GetValue(input)!, samples, result.GetValue(seed));
            var context = data is null
                ? ModelInitialization.GaussianContext(network, modelInit, result.GetValue(seed), workers)
                : modelInit.Context(network, data, result.GetValue(seed), workers);
            IReadOnlyList<ModelInitReport> reports = ModelInitialization.Apply(network, modelInit, result.GetValue(biasInit)!, result.GetValue(seed), context) is { } r ? [r] : [];
            if (pretrained.Read(result)?.Apply(network, []) is { } loaded)
                (result.InvocationConfiguration.Error ?? Console.Error).Write(loaded.ToText());
            var settings = new ProbeSettings
            {
                Seed = result.GetValue(seed),
                LearningRate = result.GetValue(lr),
                Threads = workers,
                Loss = classifier ? ProbeLoss.CrossEntropy : ProbeLoss.GaussianReadout,
                // Bounded activations are drawn over their whole range, so collapse and saturation show as shapes.
                PostRange = a => a.Kind is ActivationKind.Tanh or ActivationKind.Sigmoid ? ClassicExperiment.PostRange(a) : null,
            };
            var probe = SignalProbe.Run(network.Layers, probeInput.Input, probeInput.Labels, settings);
            string summary = $"{description}, --init {weights}, --bias-init {result.GetValue(biasInit)}, input {probeInput.Origin}, batch {samples}, seed {settings.Seed}";
            if (reportPath is not null)
                AtomicFile.WriteText(reportPath, ProbeReport.Single("initlab probe", summary, probe));
            var terminal = Terminal.For(result);
            if (result.GetValue(json))
            {
                var o = ProbeJson.ToJson(probe);
                o[ModelInitCliOptions.Key] = ModelInitCliOptions.ToJsonArray(reports);
                terminal.Out.WriteLine(o.ToJsonString());
            }
            else
            {
                ModelInitCliOptions.Print(terminal, reports);
                PrintProbe(terminal, summary, probe, reportPath);
            }
            return 0;
        });
        return command;
    }

    /// <summary>The weight scheme text: --init, with the scheme options appended as KEY=VALUE pairs.</summary>
    static string WeightScheme(ParseResult result, string? init, SchemeOptions options) =>
        init is null
            ? throw new ArgumentException("probe needs --init SCHEME (initlab list shows them), e.g. --init glorot-uniform, or --experiment classic.")
            : options.Combine(result, init, "--init");

    /// <summary>
    /// The network (with <paramref name="modelInit"/>'s architecture), its batch, whether it classifies the batch's labels
    /// (then the probe differentiates the cross-entropy), a description, and the dataset (null for N(0, 1) inputs).
    /// </summary>
    static (Model Network, ProbeBatch Input, bool Classifier, string Description, DataSplits? Data) Build(ModelInit modelInit, string? spec, int? width, int? depth,
        Activation activation, string input, int batch, ulong seed)
    {
        if (spec is not null == (width is not null || depth is not null))
            throw new ArgumentException("probe needs either --model SPEC or --width W --depth D, not both.");
        if (spec is null && (width is null || depth is null))
            throw new ArgumentException("--width and --depth go together: D layers of W→W.");
        if (width is < 1 || depth is < 1)
            throw new ArgumentException($"--width = {width} and --depth = {depth} must both be ≥ 1.");
        DataSplits? splits = input switch
        {
            "gaussian" => null,
            DataSource.FashionMnist or DataSource.Embedded => DataSource.Load(input),
            _ => throw new ArgumentException($"--input = '{input}' is not known; use gaussian, {DataSource.FashionMnist} or {DataSource.Embedded}."),
        };
        var data = splits?.Train;
        if (spec is null)
        {
            int inputs = data?.ImageSize ?? width!.Value;
            var chain = modelInit.Prepare(DeepChain.Model(inputs, width!.Value, depth!.Value, activation));
            var batchInput = data is null ? ProbeBatch.Gaussian(batch, [inputs], seed) : ProbeBatch.From(data, batch, [inputs]);
            return (chain, batchInput, false, $"{depth} × Linear({width}) + {activation}", splits);
        }
        var parsed = ModelSpec.Parse(spec);
        var options = new ModelOptions(activation);
        var built = modelInit.Build(parsed, s => data is not null ? ModelBuilder.Build(s, options, data.Channels, data.Height, data.Width)
            : s is MlpSpec mlp ? ModelBuilder.Build(s, options, 1, 1, mlp.Inputs)
            : ModelBuilder.Build(s, options, 1, 28, 28));
        var samples = data is null ? ProbeBatch.Gaussian(batch, built.InputShape, seed) : ProbeBatch.From(data, batch, built.InputShape);
        return (built, samples, data is not null && parsed.Classes == data.Classes, $"{parsed} with {activation}", splits);
    }

    static int RunClassic(ParseResult result, int batch, ulong seed, int threads, string? reportPath, bool asJson)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = ClassicExperiment.Run(batch, seed, threads);
        if (reportPath is not null)
            AtomicFile.WriteText(reportPath, ProbeReport.Classic(runs, batch));
        var terminal = Terminal.For(result);
        if (asJson)
        {
            var all = new System.Text.Json.Nodes.JsonArray([.. runs.Select(r =>
            {
                var o = ProbeJson.ToJson(r.Result);
                o["activation"] = r.Activation.ToString();
                o["init"] = r.Init.Label;
                o["scheme"] = r.Scheme;
                o[ModelInitCliOptions.Key] = ModelInitCliOptions.ToJsonArray(r.Report is null ? [] : [r.Report]);
                return (System.Text.Json.Nodes.JsonNode?)o;
            })]);
            terminal.Out.WriteLine(new System.Text.Json.Nodes.JsonObject { ["experiment"] = Classic, ["runs"] = all }.ToJsonString());
            return 0;
        }
        var rows = ProbeReport.SummaryRows(runs);
        var table = new Table().AddColumns([.. rows[0].Select(h => new TableColumn(Markup.Escape(h)))]);
        foreach (var row in rows.Skip(1))
            table.AddRow([.. row.Select(Markup.Escape)]);
        terminal.Rich.MarkupLine($"[bold]classic experiment[/]: {ClassicExperiment.Depth} layers × {ClassicExperiment.Width} units, {batch} N(0, 1) inputs, seed {seed}, {clock.Elapsed.TotalSeconds:F1} s");
        terminal.Rich.Write(table);
        if (reportPath is not null)
            terminal.Out.WriteLine($"wrote {reportPath}");
        return 0;
    }

    static void PrintProbe(Terminal terminal, string summary, ProbeResult probe, string? reportPath)
    {
        terminal.Rich.MarkupLine(Markup.Escape(summary));
        var table = new Table().AddColumns("layer", "name", "fans", "pre mean", "pre std", "predicted", "post std", "sat / dead", "grad std", "‖ΔW‖/‖W‖");
        foreach (var l in probe.Layers)
            table.AddRow(l.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(l.Name), $"{l.FanIn}→{l.FanOut}",
                ProbeCharts.Short(l.Pre.Mean), ProbeCharts.Short(l.Pre.Std), ProbeCharts.Short(l.PredictedPreStd ?? double.NaN), ProbeCharts.Short(l.Post.Std),
                l.Saturated is { } s ? ProbeCharts.Percent(s) + " sat" : l.Dead is { } d ? ProbeCharts.Percent(d) + " dead" : "–",
                ProbeCharts.Short(l.GradStd), ProbeCharts.Short(l.UpdateRatio));
        terminal.Rich.Write(table);
        if (probe.Jacobian is { } j)
            terminal.Out.WriteLine($"Jacobian {j.Rows}×{j.Columns}: mean σ² {ProbeCharts.Short(j.MeanSquared)} (theory {ProbeCharts.Short(j.PredictedMeanSquared ?? double.NaN)}), " +
                                   $"σ max {ProbeCharts.Short(j.Max)}, σ² spread (std/mean) {ProbeCharts.Short(ProbeReport.Spread(j))}");
        if (reportPath is not null)
            terminal.Out.WriteLine($"wrote {reportPath}");
    }
}
