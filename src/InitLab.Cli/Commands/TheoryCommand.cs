using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using InitLab.Activations;
using InitLab.IO;
using InitLab.Reports;
using InitLab.Theory;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab theory</c>: mean-field quantities (q*, χ₁, phase, ξ_q, ξ_c, critical σ_w) or the phase diagram.</summary>
internal static class TheoryCommand
{
    public static Command Create()
    {
        var act = new Option<string>("--act") { Description = $"The activation: {string.Join(", ", Activation.Names)}.", Required = true };
        var sigmaW = new Option<double?>("--sigma-w") { Description = "σ_w: weights are N(0, σ_w²/fan_in). Required unless --sweep." };
        var sigmaB = CliOptions.Create("--sigma-b", "σ_b: biases are N(0, σ_b²).", () => 0.0);
        var q0 = CliOptions.Create("--q0", "The input's second moment per coordinate, where the variance map starts (selects q* when several attract).", () => 1.0);
        var sweep = new Option<bool>("--sweep") { Description = "Print the phase diagram over σ_w ∈ (0, --sigma-w-max], σ_b ∈ (0, --sigma-b-max]." };
        var sigmaWMax = CliOptions.Create("--sigma-w-max", "The right end of the sweep's σ_w axis.", () => 4.0);
        var sigmaBMax = CliOptions.Create("--sigma-b-max", "The top of the sweep's σ_b axis.", () => 1.0);
        var columns = CliOptions.Create("--columns", "σ_w samples in the sweep.", () => 64);
        var rows = CliOptions.Create("--rows", "σ_b samples in the sweep.", () => 16);
        var report = new Option<string?>("--report") { Description = "With --sweep: also write the diagram as FILE.svg or FILE.html (self-contained)." };
        var json = CliOptions.Json();

        var command = new Command("theory", "Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017) for an activation, σ_w and σ_b.")
        {
            act, sigmaW, sigmaB, q0, sweep, sigmaWMax, sigmaBMax, columns, rows, report, json,
        };
        command.SetAction(result =>
        {
            var activation = Activation.Parse(result.GetRequiredValue(act), "--act");
            double b = NonNegative(result.GetValue(sigmaB), "--sigma-b");
            var terminal = Terminal.For(result);
            string? reportPath = result.GetValue(report);
            if (!result.GetValue(sweep))
            {
                if (reportPath is not null)
                    throw new ArgumentException($"--report = '{reportPath}' needs --sweep; only the phase diagram has a picture.");
                double w = NonNegative(result.GetValue(sigmaW) ?? throw new ArgumentException("theory needs --sigma-w x (or --sweep)."), "--sigma-w");
                double start = Positive(result.GetValue(q0), "--q0");
                var analysis = MeanField.Analyze(activation, w, b, start);
                double critical = MeanField.CriticalSigmaW(activation, b, start);
                if (result.GetValue(json))
                    terminal.Out.WriteLine(ToJson(analysis, critical).ToJsonString());
                else
                    WriteTable(terminal.Rich, analysis, critical);
                return 0;
            }

            if (reportPath is not null && !(reportPath.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) || reportPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"--report = '{reportPath}' must end in .svg or .html.");
            var diagram = PhaseDiagram.Compute(activation,
                Positive(result.GetValue(sigmaWMax), "--sigma-w-max"), Positive(result.GetValue(sigmaBMax), "--sigma-b-max"),
                InRange(result.GetValue(columns), "--columns", 2, 400), InRange(result.GetValue(rows), "--rows", 2, 200));
            if (reportPath is not null)
                WriteReport(reportPath, diagram);
            if (result.GetValue(json))
                terminal.Out.WriteLine(ToJson(diagram).ToJsonString());
            else
                PhasePicture.Write(terminal.Rich, diagram);
            if (reportPath is not null)
                result.InvocationConfiguration.Error.WriteLine($"wrote {reportPath}");
            return 0;
        });
        return command;
    }

    static JsonObject ToJson(MeanFieldResult r, double critical) => new()
    {
        ["act"] = r.Activation.ToString(),
        ["sigma_w"] = r.SigmaW,
        ["sigma_b"] = r.SigmaB,
        ["q_star"] = Number(r.QStar),
        ["chi1"] = Number(r.Chi1),
        ["phase"] = PhaseName(r.Phase),
        ["xi_q"] = Number(r.XiQ),
        ["xi_c"] = Number(r.XiC),
        ["c_star"] = Number(r.CStar),
        ["sigma_w_critical"] = Number(critical),
    };

    static JsonObject ToJson(PhaseDiagram d) => new()
    {
        ["act"] = d.Activation.ToString(),
        ["sigma_w"] = new JsonArray(d.SigmaW.Select(v => (JsonNode?)v).ToArray()),
        ["sigma_b"] = new JsonArray(d.SigmaB.Select(v => (JsonNode?)v).ToArray()),
        ["chi1"] = new JsonArray(Enumerable.Range(0, d.SigmaB.Count)
            .Select(i => (JsonNode?)new JsonArray(Enumerable.Range(0, d.SigmaW.Count).Select(j => Number(d.Chi1[i, j])).ToArray())).ToArray()),
        ["sigma_w_critical"] = new JsonArray(d.CriticalSigmaW.Select(Number).ToArray()),
    };

    /// <summary>JSON has no ∞ or NaN: those become null (see docs/theory.md for what each means).</summary>
    static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    internal static string PhaseName(Phase phase) => phase.ToString().ToLowerInvariant();

    static void WriteTable(IAnsiConsole console, MeanFieldResult r, double critical)
    {
        console.MarkupLine($"[bold]{Markup.Escape(r.Activation.ToString())}[/], σ_w = {F(r.SigmaW)}, σ_b = {F(r.SigmaB)}  (W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²))");
        var table = new Table().AddColumns("quantity", "value", "meaning");
        void Row(string name, string value, string meaning) => table.AddRow(new Text(name), new Text(value), new Text(meaning));
        Row("q*", F(r.QStar), "fixed point of the pre-activation variance");
        Row("χ₁", F(r.Chi1), "σ_w²·E[φ′(√q*·z)²]; < 1 ordered, > 1 chaotic");
        Row("phase", PhaseName(r.Phase), r.Phase switch
        {
            Phase.Ordered => "gradients vanish with depth",
            Phase.Chaotic => "gradients explode with depth",
            _ => "edge of chaos",
        });
        Row("ξ_q", F(r.XiQ), "depth over which the variance settles");
        Row("ξ_c", F(r.XiC), "depth over which correlations settle; trainable to ≈ 6·ξ_c");
        Row("c*", F(r.CStar), "fixed point of the correlation map");
        Row("σ_w critical", F(critical), $"edge of chaos at σ_b = {F(r.SigmaB)}");
        console.Write(table);
    }

    static void WriteReport(string path, PhaseDiagram diagram)
    {
        string svg = PhaseDiagramChart.Create(diagram).ToSvg();
        string text = path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)
            ? svg
            : new HtmlPage($"Mean-field phase diagram: {diagram.Activation}")
                .Paragraph("ln χ₁ over (σ_w, σ_b): blue is ordered (χ₁ < 1, gradients vanish), red is chaotic (χ₁ > 1, gradients explode); the black line is the critical σ_w (χ₁ = 1).")
                .Figure(svg)
                .ToString();
        AtomicFile.WriteText(path, text);
    }

    internal static string F(double value) => value switch
    {
        double.PositiveInfinity => "∞",
        double.NaN => "n/a",
        _ => value.ToString("G7", CultureInfo.InvariantCulture),
    };

    static double NonNegative(double value, string option) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{option} = {F(value)} is not allowed; it must be finite and ≥ 0.");

    static double Positive(double value, string option) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{option} = {F(value)} is not allowed; it must be finite and > 0.");

    static int InRange(int value, string option, int min, int max) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{option} = {value} is not allowed; it must be in {min} … {max}.");
}
