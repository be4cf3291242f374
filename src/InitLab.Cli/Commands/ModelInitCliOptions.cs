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
    readonly Option<string> _initBase = CliOptions.Create("--init-base", "gradinit, metainit: the per-tensor scheme whose scales they learn (e.g. normal:std=0.01).", () => "he-normal");
    readonly Option<int> _gradinitIters = CliOptions.Create("--gradinit-iters", "GradInit: iterations T.", () => 100);
    readonly Option<double> _gradinitLr = CliOptions.Create("--gradinit-lr", "GradInit: Adam's learning rate τ on the per-tensor scales.", () => 0.01);
    readonly Option<double> _gradinitEta = CliOptions.Create("--gradinit-eta", "GradInit: the learning rate η of the scored first step.", () => 0.1);
    readonly Option<double> _gradinitGamma = CliOptions.Create("--gradinit-gamma", "GradInit: the bound γ on the gradient norm (‖g‖₂ for sgd, ‖g‖₁ for adam).", () => 1.0);
    readonly Option<string> _gradinitAlg = CliOptions.Create("--gradinit-alg", "GradInit: the optimizer whose first step is scored: sgd (η·g) or adam (η·sign g).", () => "sgd");
    readonly Option<double> _gradinitMinScale = CliOptions.Create("--gradinit-min-scale", "GradInit: the lower bound of a weight's scale.", () => 0.01);
    readonly Option<int> _metainitIters = CliOptions.Create("--metainit-iters", "MetaInit: iterations T.", () => 50);
    readonly Option<double> _metainitLr = CliOptions.Create("--metainit-lr", "MetaInit: the signSGD learning rate on the weight norms.", () => 0.1);
    readonly Option<double> _metainitMomentum = CliOptions.Create("--metainit-momentum", "MetaInit: the momentum of the norm updates.", () => 0.9);
    readonly Option<double> _metainitEps = CliOptions.Create("--metainit-eps", "MetaInit: ε of the gradient quotient's denominator.", () => 1e-5);
    readonly Option<int> _initBatch = CliOptions.Create("--init-batch", "Images in the batch that lsuv and weight-norm measure, gradinit's S₁ and metainit's random batch.", () => 256);
    readonly Option<double> _wnScale = CliOptions.Create("--wn-init-scale", "weight-norm: every unit's std on the init batch.", () => 1.0);
    readonly Option<string> _parametrization = CliOptions.Create("--parametrization", "sp (standard) or mup (maximal update, Tensor Programs V): width-aware init and per-layer learning rates.", () => "sp");
    readonly Option<int?> _baseWidth = new("--base-width") { Description = "μP's base width W₀ (the spec's own width when omitted; there μP equals SP)." };
    readonly Option<bool> _zeroReadout = new("--zero-readout") { Description = "μP: initialize the classifier to 0." };

    public ModelInitCliOptions()
    {
        _lsuvWhere.AcceptOnlyFromAmong("pre", "post");
        _gradinitAlg.AcceptOnlyFromAmong("sgd", "adam");
        _parametrization.AcceptOnlyFromAmong("sp", "mup");
    }

    /// <summary>Every option, to add to a command that trains (μP sets learning rates).</summary>
    public Option[] All => [.. Initializers, _parametrization, _baseWidth, _zeroReadout];

    /// <summary>The options of the model-level initializers only (LSUV, weight-norm, the init batch), for a command that does not train.</summary>
    public Option[] Initializers => [_lsuvTol, _lsuvMaxIter, _lsuvWhere, _lsuvCenter, _initBase, _gradinitIters, _gradinitLr, _gradinitEta, _gradinitGamma, _gradinitAlg,
        _gradinitMinScale, _metainitIters, _metainitLr, _metainitMomentum, _metainitEps, _initBatch, _wnScale];

    /// <summary>The settings the command line gives; the options not added to the command keep their defaults.</summary>
    public ModelInitOptions Read(ParseResult result)
    {
        var d = new ModelInitOptions();
        return new ModelInitOptions
        {
            LsuvTol = Get(result, _lsuvTol, d.LsuvTol),
            LsuvMaxIter = Get(result, _lsuvMaxIter, d.LsuvMaxIter),
            LsuvWhere = Enum.Parse<LsuvPlacement>(Get(result, _lsuvWhere, d.LsuvWhere.ToString()), ignoreCase: true),
            LsuvCenter = Get(result, _lsuvCenter, d.LsuvCenter),
            InitBase = Get(result, _initBase, d.InitBase),
            GradinitIters = Get(result, _gradinitIters, d.GradinitIters),
            GradinitLr = Get(result, _gradinitLr, d.GradinitLr),
            GradinitEta = Get(result, _gradinitEta, d.GradinitEta),
            GradinitGamma = Get(result, _gradinitGamma, d.GradinitGamma),
            GradinitAlg = Enum.Parse<InitLab.Init.Learned.GradInitStep>(Get(result, _gradinitAlg, d.GradinitAlg.ToString()), ignoreCase: true),
            GradinitMinScale = Get(result, _gradinitMinScale, d.GradinitMinScale),
            MetainitIters = Get(result, _metainitIters, d.MetainitIters),
            MetainitLr = Get(result, _metainitLr, d.MetainitLr),
            MetainitMomentum = Get(result, _metainitMomentum, d.MetainitMomentum),
            MetainitEps = Get(result, _metainitEps, d.MetainitEps),
            InitBatch = Get(result, _initBatch, d.InitBatch),
            WnInitScale = Get(result, _wnScale, d.WnInitScale),
            Parametrization = Enum.Parse<Parametrization>(Get(result, _parametrization, d.Parametrization.ToString()), ignoreCase: true),
            BaseWidth = Get(result, _baseWidth, d.BaseWidth),
            ZeroReadout = Get(result, _zeroReadout, d.ZeroReadout),
        }.Validate();
    }

    /// <summary>
    /// The settings the command line gives for <c>--init <paramref name="init"/></c>. An option given explicitly that
    /// this initializer would ignore is an error (ModelInitOptions.Validate already rejects μP options without mup), so nothing is accepted and then ignored.
    /// </summary>
    /// <exception cref="ArgumentException">An option does not apply to <paramref name="init"/>.</exception>
    public ModelInitOptions Read(ParseResult result, string init) => Read(result, [init], init);

    /// <summary>
    /// The settings for a grid whose cells use <paramref name="inits"/>: an option given explicitly must apply to at least one of them.
    /// </summary>
    /// <exception cref="ArgumentException">An option applies to none of <paramref name="inits"/>.</exception>
    public ModelInitOptions Read(ParseResult result, IReadOnlyList<string> inits, string given)
    {
        var options = Read(result);
        var methods = inits.Select(init => ModelInitializers.Create(init, options)?.Name).ToList();
        (Option Option, bool Applies, string Users)[] uses =
        [
            (_lsuvTol, methods.Contains("lsuv"), "--init lsuv"),
            (_lsuvMaxIter, methods.Contains("lsuv"), "--init lsuv"),
            (_lsuvWhere, methods.Contains("lsuv"), "--init lsuv"),
            (_lsuvCenter, methods.Contains("lsuv"), "--init lsuv"),
            (_initBase, methods.Contains("gradinit") || methods.Contains("metainit"), "--init gradinit or metainit"),
            (_gradinitIters, methods.Contains("gradinit"), "--init gradinit"),
            (_gradinitLr, methods.Contains("gradinit"), "--init gradinit"),
            (_gradinitEta, methods.Contains("gradinit"), "--init gradinit"),
            (_gradinitGamma, methods.Contains("gradinit"), "--init gradinit"),
            (_gradinitAlg, methods.Contains("gradinit"), "--init gradinit"),
            (_gradinitMinScale, methods.Contains("gradinit"), "--init gradinit"),
            (_metainitIters, methods.Contains("metainit"), "--init metainit"),
            (_metainitLr, methods.Contains("metainit"), "--init metainit"),
            (_metainitMomentum, methods.Contains("metainit"), "--init metainit"),
            (_metainitEps, methods.Contains("metainit"), "--init metainit"),
            (_initBatch, methods.Any(m => m is "lsuv" or "weight-norm" or "gradinit" or "metainit"), "--init lsuv, weight-norm, gradinit or metainit"),
            (_wnScale, methods.Contains("weight-norm"), "--init weight-norm"),
        ];
        foreach (var (option, applies, users) in uses)
            if (!applies && result.GetResult(option) is { Implicit: false })
                throw new ArgumentException($"{option.Name} does not apply to --init {given}; it is used only with {users}.");
        return options;
    }

    static T Get<T>(ParseResult result, Option<T> option, T absent) => result.GetResult(option) is null ? absent : result.GetValue(option)!;

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
            if (report.Trace is { Count: > 0 } trace)
                terminal.Rich.Write(TraceTable(trace));
        }
    }

    /// <summary>About ten rows of a learned initializer's iterations (every k-th and the last); the JSON holds them all.</summary>
    static Table TraceTable(IReadOnlyList<InitLab.Init.Learned.LearnedInitIteration> trace)
    {
        var table = new Table().AddColumns("iteration", "objective", "constrained", "loss");
        int every = Math.Max(1, trace.Count / 10);
        foreach (var i in trace.Where((_, k) => k % every == 0 || k == trace.Count - 1))
            table.AddRow(Text(i.Iteration), Text(i.Objective), i.Constrained ? "yes" : "no", Text(i.Loss));
        return table;
    }

    /// <summary>The reports as one JSON object: <c>{"model_init": [{"method", "summary", "steps": [...]}]}</c>.</summary>
    public static JsonObject Json(IReadOnlyList<ModelInitReport> reports) => new() { [Key] = ToJsonArray(reports) };

    /// <summary>The key of <see cref="Json"/>, under which <c>initlab probe --json</c> holds <see cref="ToJsonArray"/> too.</summary>
    public const string Key = "model_init";

    /// <summary>The reports as a JSON array: <c>[{"method", "summary", "steps": [{"target", "action", "factor", "iterations", "variance", "held_out_variance"}]}]</c>.</summary>
    public static JsonArray ToJsonArray(IReadOnlyList<ModelInitReport> reports) =>
        new([.. reports.Select(r => (JsonNode)new JsonObject
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
            ["trace"] = r.Trace is null ? null : new JsonArray([.. r.Trace.Select(i => (JsonNode)new JsonObject
            {
                ["iteration"] = i.Iteration,
                ["objective"] = i.Objective,
                ["constrained"] = i.Constrained,
                ["loss"] = i.Loss,
            })]),
        })]);

    static string Text(double? value) => value is double v ? CliOptions.Format(v) : "–";

    static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";
}
