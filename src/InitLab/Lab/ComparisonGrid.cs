using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using InitLab.Models;
using InitLab.Training;

namespace InitLab.Lab;

/// <summary>A comparison grid: cells (model × init × activation × norm × optimizer × learning rate) trained with several seeds each.</summary>
/// <remarks>
/// <para>
/// Every cell is <see cref="Template"/> with the cell's settings; its runs differ only in the seed
/// (<see cref="FirstSeed"/>, <see cref="FirstSeed"/> + 1, …). A grid is the union of one or more cross products
/// (<see cref="Blocks"/>): a preset may compare a plain and a batch-normalized MLP with a residual one without the
/// residual one being crossed with every norm. Cells that two blocks both produce are run once.
/// </para>
/// <para>
/// <see cref="TrainingConfig.Momentum"/> is SGD's alone: the template's momentum goes to the SGD cells, and the cells of
/// other optimizers get none (their moments are fixed). With <see cref="TrainingConfig.Steps"/> the runs stop at that
/// step and the epoch count follows from the data.
/// </para>
/// </remarks>
public sealed record ComparisonGrid
{
    /// <summary>The <c>format</c> written to grid.json.</summary>
    public const string Format = "initlab-grid-1";

    /// <summary>The preset's name, or <c>custom</c>.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>Everything the cells share: data, batch, epochs or steps, momentum, weight decay, dropout, bias scheme, schedule, init options, regularization and clipping.</summary>
    public required TrainingConfig Template { get; init; }

    /// <summary>The cross products whose union is the grid.</summary>
    public required IReadOnlyList<GridAxes> Blocks { get; init; }

    /// <summary>Runs per cell.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>The first run's seed; run k has seed FirstSeed + k.</summary>
    public ulong FirstSeed { get; init; }

    /// <summary>The smoothed training loss whose first step <see cref="CellSummary.StepsToTarget"/> reports.</summary>
    public double TargetLoss { get; init; } = 0.5;

    /// <summary>The steps at which the smoothed training loss is reported; empty for a quarter, a half and all of the run.</summary>
    public IReadOnlyList<long> LossAt { get; init; } = [];

    /// <summary>The cells, in block order then row-major order, without repeats.</summary>
    public IReadOnlyList<GridCell> Cells()
    {
        var settings = Blocks.SelectMany(b => b.Cells()).Distinct().ToList();
        var varying = Varying(settings);
        return [.. settings.Select((s, i) => new GridCell(i, s, CellConfig(s), Key(i, s), Label(s, varying)))];
    }

    /// <summary>Every run: each cell with each seed, cell-major.</summary>
    public IReadOnlyList<GridRun> Runs() =>
        [.. Cells().SelectMany(c => Enumerable.Range(0, Seeds).Select(k => new GridRun(c, k, FirstSeed + (ulong)k)))];

    /// <summary>Checks the grid and every cell's config; messages name the CLI option.</summary>
    /// <exception cref="ArgumentException">The grid is empty, a count is out of range, or a cell's config is invalid.</exception>
    public ComparisonGrid Validate()
    {
        ArgumentNullException.ThrowIfNull(Template);
        ArgumentNullException.ThrowIfNull(Blocks);
        if (Blocks.Count == 0 || Blocks.Any(b => b.Count == 0))
            throw new ArgumentException("the grid is empty: every axis (--model, --init, --act, --norm, --opt, --lr) needs at least one value.");
        if (Seeds < 1)
            throw new ArgumentException($"--seeds = {Seeds} is not allowed; it must be ≥ 1.");
        if (!(TargetLoss > 0) || !double.IsFinite(TargetLoss))
            throw new ArgumentException($"--target-loss = {TargetLoss} is not allowed; it must be finite and > 0.");
        foreach (long step in LossAt)
            if (step < 1)
                throw new ArgumentException($"--loss-at = {step} is not allowed; steps are ≥ 1.");
        foreach (var block in Blocks)
            foreach (var lr in block.LearningRates)
                if (!(lr > 0) || !double.IsFinite(lr))
                    throw new ArgumentException($"--lr = {lr} is not allowed; every learning rate must be finite and > 0.");
        foreach (var cell in Cells())
            cell.Config.Validate();
        return this;
    }

    /// <summary>The grid as the options that define it, in CLI order (<c>--init</c> → <c>he-normal,orthogonal</c>): what <c>--resume</c> compares.</summary>
    public IReadOnlyList<(string Option, string Value)> Describe()
    {
        var t = Template;
        var options = new List<(string, string)> { ("--preset", Name), ("--data", t.Data) };
        for (int b = 0; b < Blocks.Count; b++)
        {
            string prefix = Blocks.Count == 1 ? "" : $"block {b + 1}: ";
            var axes = Blocks[b];
            options.Add((prefix + "--model", string.Join(",", axes.Models)));
            options.Add((prefix + "--init", string.Join(",", axes.Inits)));
            options.Add((prefix + "--act", string.Join(",", axes.Activations)));
            options.Add((prefix + "--norm", string.Join(",", axes.Norms.Select(n => n.ToString().ToLowerInvariant()))));
            options.Add((prefix + "--opt", string.Join(",", axes.Optimizers.Select(o => o.ToString().ToLowerInvariant()))));
            options.Add((prefix + "--lr", string.Join(",", axes.LearningRates.Select(Number))));
            if (axes.WeightDecays is { } decays)
                options.Add((prefix + "weight decays", string.Join(",", decays.Select(Number))));
            if (axes.InitFroms is { } froms)
                options.Add((prefix + "--init-from", string.Join(",", froms.Select(f => f is null ? "scratch" : JsonSerializer.Serialize(f, TrainingConfig.Options).Replace("\n", "").Replace(" ", "")))));
            if (axes.Schedules is { } schedules)
                options.Add((prefix + "schedules", string.Join(",", schedules)));
        }
        options.Add(("--classes", t.Classes is null ? "all" : string.Join(",", t.Classes)));
        options.Add(("--per-class", t.PerClass?.ToString(CultureInfo.InvariantCulture) ?? "all"));
        options.Add(("--seeds", Seeds.ToString(CultureInfo.InvariantCulture)));
        options.Add(("--seed", FirstSeed.ToString(CultureInfo.InvariantCulture)));
        options.Add(t.Steps is long steps ? ("--steps", steps.ToString(CultureInfo.InvariantCulture)) : ("--epochs", t.Epochs.ToString(CultureInfo.InvariantCulture)));
        options.Add(("--batch", t.Batch.ToString(CultureInfo.InvariantCulture)));
        options.Add(("--precision", JsonSerializer.Serialize(t.Precision, TrainingConfig.Options).Trim('"')));
        options.Add(("--momentum", Number(t.Momentum)));
        options.Add(("--weight-decay", Number(t.WeightDecay)));
        options.Add(("--dropout", Number(t.Dropout)));
        // Listed only when set, so a grid.json written before these options existed describes the same grid.
        foreach (var (option, value) in new[] { ("--l1", t.L1), ("--l2", t.L2), ("--dropconnect", t.DropConnect), ("--label-smoothing", t.LabelSmoothing),
                     ("--clip-norm", t.ClipNorm ?? 0), ("--clip-value", t.ClipValue ?? 0) })
            if (value != 0)
                options.Add((option, Number(value)));
        options.Add(("--bias-init", t.BiasInit));
        if (t.Ema is double decay)
            options.Add(("--ema", Number(decay)));
        if (t.Swa is { } swa)
            options.Add(("--swa", swa));
        options.Add(("--lr-schedule", t.LrSchedule));
        options.Add(("--init options", JsonSerializer.Serialize(t.InitOptions, TrainingConfig.Options).Replace("\n", "").Replace(" ", "")));
        options.Add(("--target-loss", Number(TargetLoss)));
        options.Add(("--loss-at", string.Join(",", LossAt)));
        return options;
    }

    /// <summary>The first option whose value differs between the two grids, or null when they describe the same grid.</summary>
    public static string? FirstDifference(ComparisonGrid stored, ComparisonGrid given)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(given);
        var a = stored.Describe();
        var b = given.Describe();
        var had = a.ToDictionary(p => p.Option, p => p.Value);
        foreach (var (option, value) in b)
            if (!had.TryGetValue(option, out string? old) || old != value)
                return $"{option} is '{old ?? "(absent)"}' in the stored grid but '{value}' here";
        foreach (var (option, value) in a)
            if (!b.Any(p => p.Option == option))
                return $"{option} is '{value}' in the stored grid but absent here";
        return null;
    }

    /// <summary>The grid.json text.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Stored(Format, this), Json);

    /// <summary>Reads grid.json.</summary>
    /// <exception cref="InvalidDataException">The text is not a grid written by <see cref="ToJson"/>.</exception>
    public static ComparisonGrid FromJson(string json, string source)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(json, Json);
            if (stored?.Format != Format || stored.Grid is null)
                throw new InvalidDataException($"{source}: not an InitLab comparison grid (format '{stored?.Format}', expected '{Format}').");
            return stored.Grid;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid comparison grid ({e.Message}).");
        }
    }

    /// <summary>The serializer settings of grid.json and the run store's result files: TrainingConfig's, with NaN and ∞ written by name.</summary>
    internal static readonly JsonSerializerOptions Json = new(TrainingConfig.Options) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    sealed record Stored(string Format, ComparisonGrid Grid);

    TrainingConfig CellConfig(CellSettings s) => Template with
    {
        Model = s.Model,
        Init = s.Init,
        Activation = s.Activation,
        Norm = s.Norm,
        Optimizer = s.Optimizer,
        LearningRate = s.LearningRate,
        WeightDecay = s.WeightDecay ?? Template.WeightDecay,
        InitFrom = s.InitFrom ?? Template.InitFrom,
        LrSchedule = s.Schedule ?? Template.LrSchedule,
        Momentum = s.Optimizer.Kind == OptimizerKind.Sgd && s.Optimizer.Momentum is null ? Template.Momentum : 0,
        Seed = FirstSeed,
    };

    static string Key(int index, CellSettings s)
    {
        string slug = string.Join("_", s.Model, s.Init, s.Activation, s.Norm.ToString(), s.Optimizer.ToString(), Number(s.LearningRate)).ToLowerInvariant() +
                      (s.WeightDecay is double decay ? "_wd" + Number(decay) : "") + (s.InitFrom is null ? "" : "_" + s.StartLabel.Replace(' ', '-')) + (s.Schedule is { } schedule ? "_" + schedule : "");
        var safe = new string([.. slug.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]);
        return string.Create(CultureInfo.InvariantCulture, $"{index:000}-{(safe.Length > 80 ? safe[..80] : safe)}");
    }

    /// <summary>Which settings take more than one value over the grid's cells.</summary>
    static Varying Varying(IReadOnlyList<CellSettings> cells) => new(
        cells.Select(c => c.Model).Distinct().Count() > 1, cells.Select(c => c.Init).Distinct().Count() > 1,
        cells.Select(c => c.Activation).Distinct().Count() > 1, cells.Select(c => c.Norm).Distinct().Count() > 1,
        cells.Select(c => c.Optimizer).Distinct().Count() > 1, cells.Select(c => c.LearningRate).Distinct().Count() > 1,
        cells.Select(c => c.InitFrom?.From).Distinct().Count() > 1);

    static string Label(CellSettings s, Varying v)
    {
        var parts = new List<string>();
        if (v.Model) parts.Add(ShortModel(s.Model));
        if (v.Init || parts.Count == 0 && !(v.Activation || v.Norm || v.Optimizer || v.LearningRate || v.Start)) parts.Add(s.Init);
        if (v.Start) parts.Add(s.StartLabel);
        if (v.Activation) parts.Add(s.Activation);
        if (v.Norm) parts.Add(s.Norm == Normalization.None ? "no norm" : s.Norm.ToString().ToLowerInvariant() + " norm");
        if (v.Optimizer) parts.Add(s.Optimizer.ToString().ToLowerInvariant());
        if (v.LearningRate) parts.Add("lr " + Number(s.LearningRate));
        if (s.WeightDecay is double decay) parts.Add("wd " + Number(decay));
        if (s.Schedule is { } schedule) parts.Add(schedule);
        return string.Join(" · ", parts);
    }

    /// <summary>The spec with runs of equal widths written once with a count, for labels: <c>mlp:784-256×22-10</c> (not spec syntax).</summary>
    public static string ShortModel(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':');
        if (colon < 0)
            return spec;
        var items = spec[(colon + 1)..].Split('-');
        var parts = new List<string>();
        for (int i = 0; i < items.Length;)
        {
            int j = i;
            while (j + 1 < items.Length - 1 && items[j + 1] == items[i])
                j++;
            parts.Add(j - i >= 2 ? $"{items[i]}×{j - i + 1}" : string.Join("-", items[i..(j + 1)]));
            i = j + 1;
        }
        return spec[..(colon + 1)] + string.Join("-", parts);
    }

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Which cell settings vary over a grid.</summary>
internal sealed record Varying(bool Model, bool Init, bool Activation, bool Norm, bool Optimizer, bool LearningRate, bool Start);

/// <summary>One cell of a grid.</summary>
/// <param name="Index">Its position in <see cref="ComparisonGrid.Cells"/>.</param>
/// <param name="Settings">What distinguishes it.</param>
/// <param name="Config">Its training config, with the grid's first seed.</param>
/// <param name="Key">Its directory name under <c>runs/</c>, e.g. <c>003-mlp-784-256-10_he-normal_relu_none_sgd_0.01</c>.</param>
/// <param name="Label">The settings that vary over the grid, e.g. <c>he-normal · batch norm</c>.</param>
public sealed record GridCell(int Index, CellSettings Settings, TrainingConfig Config, string Key, string Label);

/// <summary>One run: a cell with one seed.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Replicate">0 for the first seed, 1 for the second, ….</param>
/// <param name="Seed">The run's seed.</param>
public sealed record GridRun(GridCell Cell, int Replicate, ulong Seed)
{
    /// <summary>The run's training config.</summary>
    public TrainingConfig Config => Cell.Config with { Seed = Seed };

    /// <summary>The run's directory name under its cell's: <c>seed-3</c>.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"seed-{Seed}");
}
