using System.CommandLine;
using System.Globalization;
using InitLab.Init;

namespace InitLab.Cli;

/// <summary>The scheme parameters as command-line options (<c>--gain</c>, <c>--std</c>, …), shared by every verb that takes a scheme.</summary>
/// <remarks>
/// Every verb appends them to its scheme text (<see cref="Combine"/>: <c>--init normal --std 0.01</c> is <c>normal:std=0.01</c>),
/// so one grammar, <c>NAME[:KEY=VALUE,...]</c>, reaches <see cref="Training.SchemeText.Parse"/> and <see cref="SchemeRegistry.Create"/>,
/// which rejects a parameter the scheme does not take.
/// </remarks>
internal sealed class SchemeOptions
{
    readonly Option<double?> gain = new("--gain") { Description = "Gain (glorot-*, orthogonal, identity, delta-orthogonal)." };
    readonly Option<string?> mode = new("--mode") { Description = "fan-in, fan-out, fan-avg or fan-geo-avg (he-*, variance-scaling)." };
    readonly Option<string?> nonlinearity = new("--nonlinearity") { Description = "The following activation, for he-* (default relu)." };
    readonly Option<double?> slope = new("--negative-slope") { Description = "leaky-relu's slope (he-*; implies leaky-relu)." };
    readonly Option<double?> scale = new("--scale") { Description = "variance-scaling's scale (gain²)." };
    readonly Option<string?> distribution = new("--distribution") { Description = "uniform, normal or truncated-normal (variance-scaling)." };
    readonly Option<double?> mean = new("--mean") { Description = "Mean of the (parent) normal." };
    readonly Option<double?> std = new("--std") { Description = "Std of the (parent) normal (normal, truncated-normal, sparse)." };
    readonly Option<double?> low = new("--low") { Description = "Lower bound (uniform; truncated-normal, absolute)." };
    readonly Option<double?> high = new("--high") { Description = "Upper bound (uniform; truncated-normal, absolute)." };
    readonly Option<double?> value = new("--value") { Description = "The constant for 'constant'." };
    readonly Option<double?> sparsity = new("--sparsity") { Description = "Fraction of zeros per column, in [0, 1) (sparse)." };

    /// <summary>Every option, to add to a command.</summary>
    public IEnumerable<Option> All => [gain, mode, nonlinearity, slope, scale, distribution, mean, std, low, high, value, sparsity];

    /// <summary>The given parameters as <c>KEY=VALUE</c> pairs of a scheme text (<c>std=0.01</c>), numbers written to round-trip.</summary>
    /// <exception cref="ArgumentException">An enumerated value (mode, nonlinearity, distribution) is not known; the message names the option.</exception>
    public IReadOnlyList<string> Pairs(ParseResult result)
    {
        if (result.GetValue(mode) is { } m)
            EnumText.Parse<FanMode>(m, "--mode");
        if (result.GetValue(nonlinearity) is { } n)
            Gains.Parse(n);
        if (result.GetValue(distribution) is { } d)
            EnumText.Parse<ScalingDistribution>(d, "--distribution");
        var pairs = new List<string>();
        foreach (var option in All)
            if (result.GetResult(option) is { Implicit: false } given && given.Tokens.Count > 0)
            {
                string text = option switch
                {
                    Option<double?> number => result.GetValue(number)!.Value.ToString("R", CultureInfo.InvariantCulture),
                    Option<string?> word => result.GetValue(word)!,
                    _ => throw new InvalidOperationException($"option {option.Name} has no scheme-text form."),
                };
                pairs.Add($"{option.Name.TrimStart('-')}={text}");
            }
        return pairs;
    }

    /// <summary>Whether any scheme option was given on the command line.</summary>
    public bool AnyGiven(ParseResult result) => All.Any(o => result.GetResult(o) is { Implicit: false });

    /// <summary><paramref name="scheme"/> (<c>NAME[:KEY=VALUE,...]</c>) with the scheme options given on the command line appended as pairs.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="scheme">The scheme text of <paramref name="option"/>.</param>
    /// <param name="option">The option or argument the text came from, for messages.</param>
    /// <exception cref="ArgumentException">The text is malformed, or a parameter is given both in it and as an option.</exception>
    public string Combine(ParseResult result, string scheme, string option)
    {
        var pairs = Pairs(result);
        if (pairs.Count == 0)
            return scheme;
        // Only the keys are read here (the text may name a model-level initializer, which rejects parameters itself).
        string[] head = scheme.Split(':', 2);
        var keys = head.Length < 2 ? [] : head[1].Split(',').Select(p => p.Split('=')[0].Trim().ToLowerInvariant().Replace('_', '-')).ToHashSet();
        foreach (string pair in pairs)
        {
            string key = pair[..pair.IndexOf('=')];
            if (keys.Contains(key))
                throw new ArgumentException($"{option} = '{scheme}' already sets {key}; give it once, in the scheme text or as --{key}, not both.");
        }
        return scheme + (scheme.Contains(':') ? "," : ":") + string.Join(",", pairs);
    }
}
