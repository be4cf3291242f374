using System.Globalization;
using System.Text;
using InitLab.Models;
using InitLab.Training;

namespace InitLab.Pretrained;

/// <summary>What one parameter or buffer got from <c>--init-from</c>: the tensor it was loaded from, or the scheme that initialized it.</summary>
/// <param name="Target">The model's name, e.g. <c>layers.0.weight</c>.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Source">The file's tensor it was loaded from, or null.</param>
/// <param name="Scheme">The scheme that initialized it when not loaded (null for buffers).</param>
/// <param name="Note">Why it was not loaded (a shape mismatch under <c>--init-from-partial</c>), or null.</param>
/// <param name="Frozen">Whether <c>--freeze</c> keeps it fixed.</param>
/// <param name="LearningRateMultiplier">Its learning-rate factor after <c>--lr-loaded</c> and <c>--freeze</c>.</param>
public sealed record LoadedEntry(string Target, int[] Shape, string? Source, string? Scheme, string? Note, bool Frozen, double LearningRateMultiplier);

/// <summary>The mapping report of <c>--init-from</c>: every parameter and buffer, and every tensor of the file that was not used.</summary>
/// <param name="Path">The path loaded.</param>
/// <param name="Entries">One entry per parameter, then per buffer.</param>
/// <param name="Unused">The file's tensors no parameter took (with <c>--init-from-partial</c>), as "name [shape]".</param>
public sealed record LoadReport(string Path, IReadOnlyList<LoadedEntry> Entries, IReadOnlyList<string> Unused)
{
    /// <summary>The file's integer and boolean tensors, not loaded: InitLab keeps no such state (BatchNorm's <c>num_batches_tracked</c> only counts steps; InitLab's running statistics use a fixed momentum).</summary>
    public IReadOnlyList<IO.SkippedTensor> Skipped { get; init; } = [];

    /// <summary>The report file a run directory holds.</summary>
    public const string FileName = "init-from.txt";

    /// <summary>The report as text, one line per entry.</summary>
    public string ToText()
    {
        var s = new StringBuilder($"--init-from {Path}: {Entries.Count(e => e.Source is not null)} of {Entries.Count} tensors loaded\n");
        foreach (var e in Entries)
        {
            string shape = $"[{string.Join(", ", e.Shape)}]";
            string origin = e.Source is not null ? $"loaded from '{e.Source}'" : e.Scheme is not null ? $"initialized by {e.Scheme}" : "kept (buffer default)";
            s.Append(CultureInfo.InvariantCulture, $"  {e.Target} {shape}: {origin}");
            if (e.Note is not null) s.Append(" (").Append(e.Note).Append(')');
            if (e.Frozen) s.Append(", frozen");
            else if (e.LearningRateMultiplier != 1) s.Append(CultureInfo.InvariantCulture, $", lr × {e.LearningRateMultiplier:G4}");
            s.Append('\n');
        }
        foreach (var u in Unused)
            s.Append("  unused tensor of the file: ").Append(u).Append('\n');
        foreach (var k in Skipped)
            s.Append("  skipped integer tensor of the file: ").Append(k).Append(" (InitLab tracks no integer state; BatchNorm's num_batches_tracked only counts steps)\n");
        return s.ToString();
    }
}

/// <summary>Initialization from pretrained weights (<c>--init-from</c>): where to read them, how names map, and how the loaded layers train.</summary>
/// <remarks>
/// Names map by, in order: the first <see cref="Map"/> rule <c>old=new</c> whose <c>old</c> prefixes the name (replaced by
/// <c>new</c>), then with <see cref="TorchLayout"/> a <c>torch.nn.Sequential</c> state-dict name <c>3.weight</c> becomes
/// <c>layers.3.weight</c>. InitLab's layers are indexed as the Sequential that mirrors the spec (Linear, activation, …; Conv2d,
/// activation, MaxPool2d, …, Flatten, Linear) and its weights already use torch's layouts (Linear [out, in], Conv2d
/// [out, in, kh, kw]), so no transpose is needed; shapes are checked. A mapped tensor that names no parameter or buffer, or a
/// shape that differs, is an error unless <see cref="Partial"/>; then the parameter keeps its scheme and both are listed.
/// </remarks>
public sealed record PretrainedInit
{
    /// <summary>The path (<see cref="WeightFile.Read(string)"/>).</summary>
    public required string From { get; init; }

    /// <summary><c>old.prefix=new.prefix</c> rules (<c>--map</c>).</summary>
    public string[] Map { get; init; } = [];

    /// <summary>Read torch.nn.Sequential state-dict names (<c>--torch-layout</c>).</summary>
    public bool TorchLayout { get; init; }

    /// <summary>Shape mismatches and unmatched tensors fall back to the scheme instead of failing (<c>--init-from-partial</c>).</summary>
    public bool Partial { get; init; }

    /// <summary>Glob patterns of parameters and buffers that are not loaded and keep their scheme (<c>--init-from-skip</c>, e.g. a new classifier head <c>layers.4.*</c>).</summary>
    public string[] Skip { get; init; } = [];

    /// <summary>Glob patterns of parameters kept fixed (<c>--freeze</c>): learning-rate multiplier 0.</summary>
    public string[] Freeze { get; init; } = [];

    /// <summary>The learning-rate factor of loaded parameters (<c>--lr-loaded</c>).</summary>
    public double LrLoaded { get; init; } = 1;

    /// <summary>Checks the fields; messages name the option.</summary>
    /// <exception cref="ArgumentException">A field is invalid.</exception>
    public PretrainedInit Validate()
    {
        if (string.IsNullOrWhiteSpace(From))
            throw new ArgumentException("--init-from needs a path.");
        if (!(LrLoaded > 0) || !double.IsFinite(LrLoaded))
            throw new ArgumentException($"--lr-loaded = {LrLoaded} is not allowed; it must be finite and > 0 (use --freeze to keep layers fixed).");
        Rules();
        return this;
    }

    (string Old, string New)[] Rules() => [.. Map.Select(rule =>
    {
        int eq = rule.IndexOf('=');
        return eq <= 0 ? throw new ArgumentException($"--map = '{rule}' is not OLD=NEW (e.g. 'encoder.=layers.').") : (rule[..eq], rule[(eq + 1)..]);
    })];

    /// <summary>The model name of file tensor <paramref name="name"/>.</summary>
    public string MapName(string name)
    {
        foreach (var (old, replacement) in Rules())
            if (name.StartsWith(old, StringComparison.Ordinal))
            {
                name = replacement + name[old.Length..];
                break;
            }
        if (TorchLayout && name.Length > 0 && char.IsAsciiDigit(name[0]))
            name = "layers." + name;
        return name;
    }

    /// <summary>Loads the weights into <paramref name="model"/>, whose parameters <paramref name="initialization"/> already initialized, and sets freezing and learning-rate factors.</summary>
    /// <exception cref="InvalidDataException">The file is missing or corrupt, or holds a non-finite or overflowing value.</exception>
    /// <exception cref="ArgumentException">A tensor maps to nothing, a shape differs, a rule or pattern matches nothing, or nothing loads.</exception>
    public LoadReport Apply(Model model, IReadOnlyList<InitRecord> initialization)
    {
        ArgumentNullException.ThrowIfNull(model);
        Validate();
        var skipped = new List<IO.SkippedTensor>();
        var tensors = WeightFile.Read(From, skipped);
        foreach (var (old, _) in Rules())
            if (!tensors.Any(t => t.Name.StartsWith(old, StringComparison.Ordinal)))
                throw new ArgumentException($"--map rule '{old}=…' matches no tensor of '{From}'; its tensors are {string.Join(", ", tensors.Select(t => t.Name).Take(20))}.");
        var targets = model.Parameters.Select(p => (p.Name, p.Value, Parameter: (Nn.Parameter?)p))
            .Concat(model.Buffers.Select(b => (b.Name, b.Value, Parameter: (Nn.Parameter?)null))).ToList();
        var byTarget = new Dictionary<string, LoadedTensor>();
        var unused = new List<string>();
        var notes = new Dictionary<string, string>();
        foreach (var t in tensors)
        {
            string name = MapName(t.Name);
            string shape = $"[{string.Join(", ", t.Shape)}]";
            var target = targets.FirstOrDefault(x => x.Name == name);
            if (target.Value is null)
            {
                if (!Partial)
                    throw new ArgumentException($"tensor '{t.Name}' {shape} of '{t.File}' maps to '{name}', which is no parameter or buffer of '{model.Spec}'" +
                                                $"{(TorchLayout ? "" : " (a torch state dict? add --torch-layout)")}; add --map OLD=NEW, or --init-from-partial to skip it. " +
                                                $"The model has {string.Join(", ", targets.Select(x => x.Name))}.");
                unused.Add($"{t.Name} {shape}");
                continue;
            }
            if (Skip.Any(p => InitPlan.Matches(p, name)))
            {
                notes[name] = "not loaded: --init-from-skip";
                unused.Add($"{t.Name} {shape}");
                continue;
            }
            if (byTarget.ContainsKey(name))
                throw new ArgumentException($"tensors '{byTarget[name].Name}' and '{t.Name}' of '{From}' both map to '{name}'.");
            if (!t.Shape.AsSpan().SequenceEqual(target.Value.Shape))
            {
                string message = $"tensor '{t.Name}' of '{t.File}' has shape {shape} but '{name}' has [{string.Join(", ", target.Value.Shape.ToArray())}]";
                if (!Partial)
                    throw new ArgumentException(message + "; give --init-from-partial to initialize it by its scheme instead.");
                notes[name] = message;
                unused.Add($"{t.Name} {shape}");
                continue;
            }
            byTarget[name] = t;
        }
        if (byTarget.Count == 0)
            throw new ArgumentException($"no tensor of '{From}' maps to a parameter of '{model.Spec}'; check --map and --torch-layout.");
        foreach (string pattern in Skip)
            if (!targets.Any(x => InitPlan.Matches(pattern, x.Name)))
                throw new ArgumentException($"--init-from-skip pattern '{pattern}' matches no parameter or buffer; they are {string.Join(", ", targets.Select(x => x.Name))}.");
        foreach (string pattern in Freeze)
            if (!model.Parameters.Any(p => InitPlan.Matches(pattern, p.Name)))
                throw new ArgumentException($"--freeze pattern '{pattern}' matches no parameter; the parameters are {string.Join(", ", model.Parameters.Select(p => p.Name))}.");
        var schemes = initialization.ToDictionary(r => r.Parameter, r => r.Scheme.Name);
        var entries = new List<LoadedEntry>();
        foreach (var (name, value, parameter) in targets)
        {
            bool loaded = byTarget.TryGetValue(name, out var t);
            if (loaded)
                t!.Values.CopyTo(value.Span);
            bool frozen = parameter is not null && Freeze.Any(f => InitPlan.Matches(f, name));
            if (parameter is not null)
                parameter.LearningRateMultiplier = frozen ? 0 : loaded ? parameter.LearningRateMultiplier * LrLoaded : parameter.LearningRateMultiplier;
            entries.Add(new LoadedEntry(name, value.Shape.ToArray(), loaded ? t!.Name : null, loaded || parameter is null ? null : schemes.GetValueOrDefault(name, "its scheme"),
                notes.GetValueOrDefault(name), frozen, parameter?.LearningRateMultiplier ?? 0));
        }
        return new LoadReport(From, entries, unused) { Skipped = skipped };
    }
}
