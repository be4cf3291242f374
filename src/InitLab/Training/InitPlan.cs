using InitLab.Init;
using InitLab.Nn;
using InitLab.Random;

namespace InitLab.Training;

/// <summary>What initialized one parameter, and the statistics the scheme promised.</summary>
/// <param name="Parameter">The parameter's name.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Scheme">The scheme, with every argument resolved.</param>
/// <param name="FanIn">fan_in (null when the scheme uses no fans).</param>
/// <param name="FanOut">fan_out (null when the scheme uses no fans).</param>
/// <param name="Gain">The effective gain, or null.</param>
/// <param name="Std">The exact standard deviation of an element.</param>
public sealed record InitRecord(string Parameter, int[] Shape, InitScheme Scheme, long? FanIn, long? FanOut, double? Gain, double Std);

/// <summary>The model-wide initialization: a weight scheme, a bias scheme and name-pattern overrides, resolved through <see cref="SchemeRegistry"/>.</summary>
/// <remarks>
/// Each parameter's scheme is the last override whose pattern matches its full name (<c>*</c> matches any run of
/// characters, <c>?</c> one character), else <c>--init</c> for weights, <c>--bias-init</c> for biases, ones for
/// normalization scales and zeros for normalization shifts and residual branch scales (ReZero's α = 0). Schemes that take a
/// nonlinearity (he-*) get the activation that follows the layer unless one is given. Fans come from the OutIn layout; a
/// bias uses its weight's fans. Values are drawn from <c>RandomStream(seed, name)</c>, so they do not depend on threads or on
/// the other parameters.
/// </remarks>
public sealed class InitPlan
{
    InitPlan(SchemeText weights, SchemeText biases, IReadOnlyList<(string Pattern, SchemeText Scheme)> overrides)
    {
        (Weights, Biases, Overrides) = (weights, biases, overrides);
    }

    /// <summary>The scheme for weights.</summary>
    public SchemeText Weights { get; }

    /// <summary>The scheme for biases.</summary>
    public SchemeText Biases { get; }

    /// <summary>The overrides, in order.</summary>
    public IReadOnlyList<(string Pattern, SchemeText Scheme)> Overrides { get; }

    /// <summary>Parses a config's <c>init</c>, <c>bias_init</c> and <c>init_overrides</c>.</summary>
    /// <exception cref="ArgumentException">A scheme or an override is malformed.</exception>
    public static InitPlan Parse(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var overrides = new List<(string, SchemeText)>();
        foreach (string entry in config.InitOverrides)
        {
            int eq = entry.IndexOf('=');
            if (eq <= 0 || eq == entry.Length - 1)
                throw new ArgumentException($"--init-override = '{entry}' is not PATTERN=SCHEME (e.g. '*.bias=zeros', 'layers.0.weight=orthogonal').");
            overrides.Add((entry[..eq].Trim(), SchemeText.Parse(entry[(eq + 1)..], "--init-override")));
        }
        return new InitPlan(SchemeText.Parse(config.Init, "--init"), SchemeText.Parse(config.BiasInit, "--bias-init"), overrides);
    }

    /// <summary>Initializes every parameter and returns what was used.</summary>
    /// <exception cref="ArgumentException">An override matches no parameter, or a scheme does not suit its parameter.</exception>
    public IReadOnlyList<InitRecord> Apply(IReadOnlyList<Parameter> parameters, ulong seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (pattern, _) in Overrides)
            if (!parameters.Any(p => Matches(pattern, p.Name)))
                throw new ArgumentException($"--init-override pattern '{pattern}' matches no parameter; the parameters are {string.Join(", ", parameters.Select(p => p.Name))}.");
        var records = new List<InitRecord>();
        foreach (var p in parameters)
        {
            var text = Overrides.LastOrDefault(o => Matches(o.Pattern, p.Name)).Scheme ?? Default(p.Role);
            int[] shape = p.Value.Shape.ToArray();
            try
            {
                var scheme = text.Create(p.FollowingActivation, p.Name);
                var fans = p.Role == ParameterRole.Weight ? new FanRule(WeightLayout.OutIn)
                    : p.HasFans ? new FanRule(fanIn: p.FanIn, fanOut: p.FanOut) : FanRule.Default;
                var context = new InitContext(new RandomStream(seed, p.Name), fans, threads);
                var theory = scheme.Describe(shape, context);
                scheme.Initialize(p.Value.Span, shape, context);
                records.Add(new InitRecord(p.Name, shape, scheme, theory.Fans?.FanIn, theory.Fans?.FanOut, theory.Gain, theory.Std));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"initializing {p.Name} [{string.Join(", ", shape)}]: {e.Message}", e);
            }
        }
        return records;
    }

    SchemeText Default(ParameterRole role) => role switch
    {
        ParameterRole.Weight => Weights,
        ParameterRole.Bias => Biases,
        ParameterRole.NormScale => Constant("ones"),
        _ => Constant("zeros"),
    };

    static SchemeText Constant(string name) => new(name, new SchemeArguments(), Flavor.PyTorch);

    /// <summary>Glob match over the whole name: <c>*</c> is any run of characters, <c>?</c> one character.</summary>
    internal static bool Matches(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
                return false;
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
