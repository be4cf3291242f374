using InitLab.Validation;

namespace InitLab.Init;

/// <summary>The one registry of scheme names and aliases; the CLI, JSON configs and model builders all resolve schemes here.</summary>
/// <remarks>Names and aliases are case-insensitive, and '_' equals '-'. An unknown name's error suggests the closest valid names.</remarks>
public static class SchemeRegistry
{
    const string KerasJaxTruncate = "keras/jax flavor: truncated at ±2σ, std corrected by 0.87962566103423978";

    /// <summary>Every scheme, in the order <c>initlab list</c> shows them.</summary>
    public static IReadOnlyList<SchemeInfo> All { get; } =
    [
        new("zeros", [], typeof(Zeros), "w = 0", [], "torch zeros_, keras Zeros, jax zeros", (_, _) => new Zeros()),
        new("ones", [], typeof(Ones), "w = 1", [], "torch ones_, keras Ones, jax ones", (_, _) => new Ones()),
        new("constant", [], typeof(Constant), "w = value", ["value"], "torch constant_, keras Constant, jax constant",
            (a, _) => new Constant(Required(a.Value, "value", "constant"))),
        new("uniform", [], typeof(Uniform), "U[low, high)", ["low", "high"], "torch uniform_, keras RandomUniform, jax uniform",
            (a, f) => new Uniform(a.Low ?? (f == Flavor.Keras ? -f.DefaultSpread() : 0), a.High ?? f.DefaultSpread())),
        new("normal", [], typeof(Normal), "N(mean, std²)", ["mean", "std"], "torch normal_, keras RandomNormal, jax normal",
            (a, f) => new Normal(a.Mean ?? 0, a.Std ?? f.DefaultSpread())),
        new("truncated-normal", ["trunc-normal"], typeof(TruncatedNormal), "N(mean, std²) on [low, high] (absolute; keras/jax default mean ± 2·std)",
            ["mean", "std", "low", "high"], "torch trunc_normal_, keras TruncatedNormal, jax truncated_normal", BuildTruncatedNormal),
        new("variance-scaling", [], typeof(VarianceScaling), "uniform: limit = √(3·scale/n); normal: std = √(scale/n); truncated-normal: σ = √(scale/n)/c on ±2σ",
            ["scale", "mode", "distribution"], "keras VarianceScaling, jax variance_scaling",
            (a, f) => new VarianceScaling(a.Scale ?? 1, a.Mode ?? FanMode.FanIn,
                a.Distribution ?? (f.TruncatesNamedNormals() ? ScalingDistribution.TruncatedNormal : ScalingDistribution.Normal))),
        new("glorot-uniform", ["xavier-uniform"], typeof(GlorotUniform), "bound = gain·√(6/(fan_in+fan_out))", ["gain"],
            "Glorot & Bengio 2010, https://proceedings.mlr.press/v9/glorot10a.html", (a, _) => new GlorotUniform(a.Gain ?? 1)),
        new("glorot-normal", ["xavier-normal"], typeof(GlorotNormal), $"std = gain·√(2/(fan_in+fan_out)); {KerasJaxTruncate}", ["gain"],
            "Glorot & Bengio 2010, https://proceedings.mlr.press/v9/glorot10a.html", (a, f) => new GlorotNormal(a.Gain ?? 1, f.TruncatesNamedNormals())),
        new("he-uniform", ["kaiming-uniform"], typeof(HeUniform), "bound = gain·√(3/n), n = fan_in (or fan_out), gain from the nonlinearity",
            ["nonlinearity", "negative-slope", "mode"], "He et al. 2015, https://arxiv.org/abs/1502.01852",
            (a, _) => new HeUniform(HeNonlinearity(a), a.NegativeSlope, a.Mode ?? FanMode.FanIn)),
        new("he-normal", ["kaiming-normal", "msra"], typeof(HeNormal), $"std = gain/√n, n = fan_in (or fan_out), gain from the nonlinearity; {KerasJaxTruncate}",
            ["nonlinearity", "negative-slope", "mode"], "He et al. 2015, https://arxiv.org/abs/1502.01852",
            (a, f) => new HeNormal(HeNonlinearity(a), a.NegativeSlope, a.Mode ?? FanMode.FanIn, f.TruncatesNamedNormals())),
        new("lecun-uniform", [], typeof(LecunUniform), "bound = √(3/fan_in)", [], "LeCun et al. 1998, https://doi.org/10.1007/3-540-49430-8_2",
            (_, _) => new LecunUniform()),
        new("lecun-normal", [], typeof(LecunNormal), $"std = 1/√fan_in; {KerasJaxTruncate}", [], "LeCun et al. 1998, https://doi.org/10.1007/3-540-49430-8_2",
            (_, f) => new LecunNormal(f.TruncatesNamedNormals())),
        new("orthogonal", [], typeof(Orthogonal), "W = gain·Q, G = QR (Householder), Q ← Q·sign(diag R)", ["gain"],
            "Saxe et al. 2014, https://arxiv.org/abs/1312.6120; Mezzadri 2007", (a, _) => new Orthogonal(a.Gain ?? 1)),
        new("identity", ["eye"], typeof(Identity), "W[i, i] = gain, 0 elsewhere (2-D)", ["gain"], "torch eye_, keras Identity",
            (a, _) => new Identity(a.Gain ?? 1)),
        new("dirac", [], typeof(Dirac), "W[g·o + d, d, centre] = 1, 0 elsewhere (rank 3–5, groups)", [],
            "Zagoruyko & Komodakis 2017, https://arxiv.org/abs/1706.00388; torch dirac_", (_, f) => new Dirac(f.Centre())),
        new("delta-orthogonal", [], typeof(DeltaOrthogonal), "W[·, ·, centre] = gain·orthogonal(c_in × c_out), 0 elsewhere", ["gain"],
            "Xiao et al. 2018, https://arxiv.org/abs/1806.05393; jax delta_orthogonal", (a, f) => new DeltaOrthogonal(a.Gain ?? 1, f.Centre())),
        new("zero", [], typeof(Zero), "m ≤ n: W[i, i] = 1 (partial identity); m > n: W[i, j] = Hₚ[i, j]/√p, p = 2^⌈log₂ m⌉ (Sylvester Hadamard); conv: at the centre tap", [],
            "Zhao et al. 2022 (ZerO), https://arxiv.org/abs/2110.12661", (_, f) => new Zero(f.Centre())),
        new("sparse", [], typeof(Sparse), "N(0, std²), then ⌈sparsity·rows⌉ zeros in every column (2-D)", ["sparsity", "std"],
            "Martens 2010, https://www.cs.toronto.edu/~jmartens/docs/Deep_HessianFree.pdf; torch sparse_",
            (a, _) => new Sparse(Required(a.Sparsity, "sparsity", "sparse"), a.Std ?? 0.01)),
        new("pytorch-default", [], typeof(PyTorchDefault), "U[−1/√fan_in, 1/√fan_in) for weight and bias", [],
            "torch.nn.Linear/ConvNd reset_parameters (kaiming_uniform_ with a = √5)", (_, _) => new PyTorchDefault()),
    ];

    static readonly Dictionary<string, SchemeInfo> ByName = All
        .SelectMany(e => e.Aliases.Prepend(e.Name).Select(n => (Key: Key(n), Entry: e)))
        .ToDictionary(p => p.Key, p => p.Entry);

    static readonly Dictionary<Type, SchemeInfo> ByType = All.ToDictionary(e => e.Type);

    /// <summary>Finds a scheme by name or alias.</summary>
    /// <exception cref="ArgumentException">No scheme has that name; the message suggests the closest names.</exception>
    public static SchemeInfo Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ByName.TryGetValue(Key(name), out var entry))
            return entry;
        var closest = ByName.Keys
            .Select(n => (Name: n, Distance: Closeness(Key(name), n)))
            .OrderBy(p => p.Distance).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(3).Select(p => p.Name);
        throw new ArgumentException($"scheme = '{name}' is not known; did you mean {string.Join(", ", closest)}? ({All.Count} schemes: {string.Join(", ", All.Select(e => e.Name))})", nameof(name));
    }

    /// <summary>The entry of a scheme record type.</summary>
    public static SchemeInfo Info(Type type) => ByType[type];

    /// <summary>Builds the scheme <paramref name="name"/> from <paramref name="arguments"/> under <paramref name="flavor"/>'s defaults.</summary>
    /// <exception cref="ArgumentException">The name is unknown, a given parameter does not apply to the scheme, or a value is invalid.</exception>
    public static InitScheme Create(string name, SchemeArguments? arguments = null, Flavor flavor = Flavor.PyTorch)
    {
        var entry = Find(name);
        arguments ??= new SchemeArguments();
        if (!Enum.IsDefined(flavor)) throw Guard.OutOfRange(nameof(flavor), flavor, "use pytorch, keras or jax");
        foreach (string given in arguments.Given())
            if (!entry.Parameters.Contains(given))
                throw new ArgumentException(entry.Parameters.Count == 0
                    ? $"{given} does not apply to {entry.Name}, which takes no parameters."
                    : $"{given} does not apply to {entry.Name}; it takes: {string.Join(", ", entry.Parameters)}.", given);
        return entry.Build(arguments, flavor);
    }

    static TruncatedNormal BuildTruncatedNormal(SchemeArguments a, Flavor flavor)
    {
        double mean = a.Mean ?? 0, std = a.Std ?? flavor.DefaultSpread();
        // PyTorch's bounds are absolute (default ±2); Keras and JAX cut at mean ± 2·std.
        double reach = flavor == Flavor.PyTorch ? 2 : 2 * std;
        return new TruncatedNormal(mean, std, a.Low ?? (flavor == Flavor.PyTorch ? -reach : mean - reach), a.High ?? (flavor == Flavor.PyTorch ? reach : mean + reach));
    }

    static Nonlinearity HeNonlinearity(SchemeArguments a) => a.Nonlinearity ?? (a.NegativeSlope.HasValue ? Nonlinearity.LeakyRelu : Nonlinearity.Relu);

    static double Required(double? value, string parameter, string scheme) =>
        value ?? throw new ArgumentException($"{scheme} needs {parameter} (--{parameter} on the command line).", parameter);

    /// <summary>The lookup key of a name: trimmed, lower case, '_' as '-'. <see cref="Network.ModelInitializers"/> uses it too, so <c>--init</c> reads both registries' names alike.</summary>
    internal static string Key(string name) => name.Trim().ToLowerInvariant().Replace('_', '-');

    /// <summary>The edit distance to the whole name, or to its prefix of the query's length plus one, whichever is smaller, so "glorot" finds glorot-uniform.</summary>
    static int Closeness(string query, string name) =>
        Math.Min(Distance(query, name), Distance(query, name[..Math.Min(name.Length, query.Length)]) + 1);

    /// <summary>Levenshtein distance.</summary>
    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
