using System.CommandLine;
using System.Globalization;
using InitLab.Init;

namespace InitLab.Cli;

/// <summary>The scheme parameters as command-line options (<c>--gain</c>, <c>--std</c>, …), shared by every verb that takes a scheme.</summary>
/// <remarks>
/// <c>initlab init</c> turns them into <see cref="SchemeArguments"/>; <c>initlab probe</c> appends them to its scheme text
/// (<c>--init normal --std 0.01</c> is <c>normal:std=0.01</c>). Either way <see cref="SchemeRegistry.Create"/> rejects a
/// parameter the scheme does not take.
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

    /// <summary>The parameters given on the command line.</summary>
    /// <exception cref="ArgumentException">An enumerated value (mode, nonlinearity, distribution) is not known.</exception>
    public SchemeArguments Arguments(ParseResult result) => new()
    {
        Gain = result.GetValue(gain),
        Mode = result.GetValue(mode) is { } m ? EnumText.Parse<FanMode>(m, "--mode") : null,
        Nonlinearity = result.GetValue(nonlinearity) is { } n ? Gains.Parse(n) : null,
        NegativeSlope = result.GetValue(slope),
        Scale = result.GetValue(scale),
        Distribution = result.GetValue(distribution) is { } d ? EnumText.Parse<ScalingDistribution>(d, "--distribution") : null,
        Mean = result.GetValue(mean),
        Std = result.GetValue(std),
        Low = result.GetValue(low),
        High = result.GetValue(high),
        Value = result.GetValue(value),
        Sparsity = result.GetValue(sparsity),
    };

    /// <summary>The given parameters as <c>KEY=VALUE</c> pairs of a scheme text (<c>std=0.01</c>), numbers written to round-trip.</summary>
    public IReadOnlyList<string> Pairs(ParseResult result)
    {
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
}
