using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using InitLab.Init.Network;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary>The options of the model-level initializers and μP, shared by the verbs that build and initialize a model (<c>train</c>, <c>probe</c>), and their report.</summary>
internal sealed class ModelInitCliOptions
{
    readonly Option<double> _lsuvTol = CliOptions.Create("--lsuv-tol", "LSUV: stop rescaling a layer when |Var − 1| < tol.", () => 0.1);
    readonly Option<int> _lsuvMaxIter = CliOptions.Create("--lsuv-max-iter", "LSUV: the most rescalings per layer.", () => 10);
    readonly Option<string> _lsuvWhere = CliOptions.Create("--lsuv-where", "LSUV: measure the layer's output before (pre, as the paper) or after (post) its activation.", () => "pre");
    readonly Option<bool> _lsuvCenter = new("--lsuv-center") { Description = "LSUV: first set each layer's bias so its outputs have mean 0 on the batch." };
    readonly Option<int> _initBatch = CliOptions.Create("--init-batch", "Images in the batch that lsuv and weight-norm measure.", () => 256);
    readonly Option<double> _wnScale = CliOptions.Create("--wn-init-scale", "weight-norm: every unit's std on the init batch.", () => 1.0);
    readonly Option<string> _parametrization = CliOptions.Create("--parametrization", "sp (standard) or mup (maximal update, Tensor Programs V): width-aware init and per-layer learning rates.", () => "sp");
    readonly Option<int?> _baseWidth = new("--base-width") { Description = "μP's base width W₀ (the spec's own width when omitted; there μP equals SP)." };
    readonly Option<bool> _zeroReadout = new("--zero-readout") { Description = "μP: initialize the classifier to 0." };

    public ModelInitCliOptions()
    {
        _lsuvWhere.AcceptOnlyFromAmong("pre", "post");
        _parametrization.AcceptOnlyFromAmong("sp", "mup");
    }

    /// <summary>Every option, to add to a command.</summary>
    public Option[] All => [_lsuvTol, _lsuvMaxIter, _lsuvWhere, _lsuvCenter, _initBatch, _wnScale, _parametrization, _baseWidth, _zeroReadout];

    /// <summary>The settings the command line gives.</summary>
    public ModelInitOptions Read(ParseResult result) => new ModelInitOptions
    {
        LsuvTol = result.GetValue(_lsuvTol),
        LsuvMaxIter = result.GetValue(_lsuvMaxIter),
        LsuvWhere = Enum.Parse<LsuvPlacement>(result.GetValue(_lsuvWhere)!, ignoreCase: true),
        LsuvCenter = result.GetValue(_lsuvCenter),
        InitBatch = result.GetValue(_initBatch),
        WnInitScale = result.GetValue(_wnScale),
        Parametrization = Enum.Parse<Parametrization>(result.GetValue(_parametrization)!, ignoreCase: true),
        BaseWidth = result.GetValue(_baseWidth),
        ZeroReadout = result.GetValue(_zeroReadout),
    }.Validate();

    /// <summary>Prints each report: its summary line, then a table of its steps.</summary>
    public static void Print(Terminal terminal, IReadOnlyList<ModelInitReport> reports)
    {
        foreach (var report in reports)
        {
            terminal.Out.WriteLine(report.Summary);
            terminal.Out.Flush();
            bool lsuv = report.Steps.Any(s => s.Iterations is not null);
            var table = lsuv
                ? new Table().AddColumns("layer", "iterations", "variance", "held-out variance")
                : new Table().AddColumns("parameter", "action", "factor");
            foreach (var s in report.Steps)
                if (lsuv)
                    table.AddRow(Markup.Escape(s.Target), Text(s.Iterations), Text(s.Variance), Text(s.HeldOutVariance));
                else
                    table.AddRow(Markup.Escape(s.Target), Markup.Escape(s.Action), Text(s.Factor));
            terminal.Rich.Write(table);
        }
    }

    /// <summary>The reports as one JSON object: <c>{"model_init": [{"method", "summary", "steps": [...]}]}</c>.</summary>
    public static JsonObject Json(IReadOnlyList<ModelInitReport> reports) => new()
    {
        ["model_init"] = new JsonArray([.. reports.Select(r => (JsonNode)new JsonObject
        {
            ["method"] = r.Method,
            ["summary"] = r.Summary,
            ["steps"] = new JsonArray([.. r.Steps.Select(s => (JsonNode)new JsonObject
            {
                ["target"] = s.Target,
                ["action"] = s.Action,
                ["factor"] = s.Factor,
                ["iterations"] = s.Iterations,
                ["variance"] = s.Variance,
                ["held_out_variance"] = s.HeldOutVariance,
            })]),
        })]),
    };

    static string Text(double? value) => value is double v ? CliOptions.Format(v) : "–";

    static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";
}
