using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using InitLab.Nn;
using InitLab.Optim;

namespace InitLab.Training;

/// <summary>An optimizer as written on the command line: <c>NAME[:KEY=VALUE,...]</c>, e.g. <c>rmsprop:alpha=0.9,centered=true</c> or <c>adam:lookahead=5</c>.</summary>
/// <remarks>
/// <para>Keys by optimizer ('_' and '-' are alike; an omitted key takes PyTorch 1.13's default):</para>
/// <list type="bullet">
/// <item><c>sgd</c>: momentum, dampening, nesterov (<see cref="Sgd"/>; <c>--momentum</c> is the flag form of momentum).</item>
/// <item><c>adam</c>, <c>adamw</c>: beta1, beta2, eps (<see cref="Adam"/>; adamw = adam with decoupled=true).</item>
/// <item><c>rmsprop</c>: alpha, eps, momentum, centered (<see cref="RmsProp"/>).</item>
/// <item><c>adagrad</c>: lr-decay, initial-accumulator-value, eps (<see cref="Adagrad"/>).</item>
/// <item><c>radam</c>, <c>lamb</c>: beta1, beta2, eps (<see cref="RAdam"/>, <see cref="Lamb"/>); <c>nadam</c>: those and momentum-decay (<see cref="NAdam"/>).</item>
/// <item><c>ranger</c>: RAdam inside Lookahead with k = 6, α = 0.5 (Wright 2019), keys as radam.</item>
/// </list>
/// <para>Every optimizer also takes <c>lookahead=k</c> and <c>lookahead-alpha=α</c> (<see cref="Optim.Lookahead"/>, Zhang et al. 2019; α = 0.5 by default),
/// <c>gc=true</c> (gradient centralization, Yong et al. 2020; the flag form is <c>--grad-centralize</c>) and, except lamb (whose decay is
/// already decoupled), <c>decoupled=true</c>: weight decay λ applied as w ← w·(1 − η·λ) before the update (Loshchilov &amp; Hutter 2019)
/// instead of as the L2 gradient λ·w.</para>
/// </remarks>
[JsonConverter(typeof(OptimizerSpecJson))]
public sealed record OptimizerSpec(OptimizerKind Kind)
{
    /// <summary>β₁ (adam, adamw, radam, nadam, lamb, ranger).</summary>
    public double? Beta1 { get; init; }

    /// <summary>β₂.</summary>
    public double? Beta2 { get; init; }

    /// <summary>ε.</summary>
    public double? Eps { get; init; }

    /// <summary>RMSprop's smoothing constant α.</summary>
    public double? Alpha { get; init; }

    /// <summary>Momentum μ (sgd, rmsprop).</summary>
    public double? Momentum { get; init; }

    /// <summary>SGD's dampening τ.</summary>
    public double? Dampening { get; init; }

    /// <summary>SGD's Nesterov momentum.</summary>
    public bool? Nesterov { get; init; }

    /// <summary>Whether RMSprop centers the second moment.</summary>
    public bool? Centered { get; init; }

    /// <summary>Adagrad's learning-rate decay.</summary>
    public double? LrDecay { get; init; }

    /// <summary>Adagrad's initial accumulator value.</summary>
    public double? InitialAccumulatorValue { get; init; }

    /// <summary>NAdam's momentum decay ψ.</summary>
    public double? MomentumDecay { get; init; }

    /// <summary>Whether weight decay is decoupled from the gradient.</summary>
    public bool? Decoupled { get; init; }

    /// <summary>Lookahead's k (steps between synchronizations), or null for no Lookahead (ranger: 6).</summary>
    public int? Lookahead { get; init; }

    /// <summary>Lookahead's α.</summary>
    public double? LookaheadAlpha { get; init; }

    /// <summary>Gradient centralization.</summary>
    public bool? Gc { get; init; }

    /// <summary>The spec of <paramref name="kind"/> with every option at its default.</summary>
    public static implicit operator OptimizerSpec(OptimizerKind kind) => new(kind);

    /// <summary>The names, as the CLI spells them.</summary>
    public static readonly string Names = "sgd, adam, adamw, rmsprop, adagrad, radam, nadam, lamb or ranger";

    static readonly string[] Common = ["lookahead", "lookahead-alpha", "gc", "decoupled"];

    /// <summary>The keys <paramref name="kind"/> takes.</summary>
    public static IReadOnlyList<string> KeysOf(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => ["momentum", "dampening", "nesterov", .. Common],
        OptimizerKind.Adam or OptimizerKind.AdamW or OptimizerKind.RAdam or OptimizerKind.Ranger => ["beta1", "beta2", "eps", .. Common],
        OptimizerKind.NAdam => ["beta1", "beta2", "eps", "momentum-decay", .. Common],
        OptimizerKind.Lamb => ["beta1", "beta2", "eps", "lookahead", "lookahead-alpha", "gc"],
        OptimizerKind.RmsProp => ["alpha", "eps", "momentum", "centered", .. Common],
        _ => ["lr-decay", "initial-accumulator-value", "eps", .. Common],
    };

    /// <summary>Parses <paramref name="text"/>; errors quote <paramref name="option"/>.</summary>
    /// <exception cref="ArgumentException">The name is unknown, a key does not belong to the optimizer, is given twice, or its value does not parse or is out of range.</exception>
    public static OptimizerSpec Parse(string text, string option = "--opt")
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] head = text.Trim().Split(':', 2);
        string name = head[0].Trim().ToLowerInvariant();
        if (!TryKind(name, out var kind))
            throw new ArgumentException($"{option} = '{text}' is not allowed; the optimizer is one of {Names}, optionally with :KEY=VALUE,... (docs/training.md).");
        var spec = new OptimizerSpec(kind);
        var seen = new List<string>();
        if (head.Length == 2)
            foreach (string pair in head[1].Split(','))
            {
                string[] kv = pair.Split('=', 2);
                if (kv.Length != 2 || kv[0].Trim().Length == 0)
                    throw new ArgumentException($"{option} = '{text}': '{pair}' is not KEY=VALUE.");
                string key = kv[0].Trim().ToLowerInvariant().Replace('_', '-'), value = kv[1].Trim();
                if (!KeysOf(kind).Contains(key))
                    throw new ArgumentException($"{option} = '{text}': {name} takes no '{key}'; its keys are {string.Join(", ", KeysOf(kind))}.");
                if (seen.Contains(key))
                    throw new ArgumentException($"{option} = '{text}': {key} is given twice.");
                seen.Add(key);
                spec = With(spec, key, value, option, text);
            }
        return spec.Check(option);
    }

    static bool TryKind(string name, out OptimizerKind kind)
    {
        foreach (var k in Enum.GetValues<OptimizerKind>())
            if (Name(k) == name)
            {
                kind = k;
                return true;
            }
        kind = default;
        return false;
    }

    static string Name(OptimizerKind kind) => kind.ToString().ToLowerInvariant();

    static OptimizerSpec With(OptimizerSpec s, string key, string value, string option, string text)
    {
        double Number()
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                throw new ArgumentException($"{option} = '{text}': {key} = '{value}' is not a finite number.");
            return v;
        }
        bool Flag() => value.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new ArgumentException($"{option} = '{text}': {key} = '{value}' is not true or false."),
        };
        return key switch
        {
            "beta1" => s with { Beta1 = Number() },
            "beta2" => s with { Beta2 = Number() },
            "eps" => s with { Eps = Number() },
            "alpha" => s with { Alpha = Number() },
            "momentum" => s with { Momentum = Number() },
            "dampening" => s with { Dampening = Number() },
            "nesterov" => s with { Nesterov = Flag() },
            "centered" => s with { Centered = Flag() },
            "lr-decay" => s with { LrDecay = Number() },
            "initial-accumulator-value" => s with { InitialAccumulatorValue = Number() },
            "momentum-decay" => s with { MomentumDecay = Number() },
            "decoupled" => s with { Decoupled = Flag() },
            "lookahead" => s with { Lookahead = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k
                : throw new ArgumentException($"{option} = '{text}': lookahead = '{value}' is not a whole number of steps.") },
            "lookahead-alpha" => s with { LookaheadAlpha = Number() },
            _ => s with { Gc = Flag() },
        };
    }

    /// <summary>Checks every value's range; messages quote <paramref name="option"/>.</summary>
    /// <exception cref="ArgumentException">A value is out of range, or options contradict each other.</exception>
    public OptimizerSpec Check(string option = "--opt")
    {
        if (!Enum.IsDefined(Kind))
            throw new ArgumentException($"{option} = {Kind} is not allowed; use {Names}.");
        void Range(string key, double? v, bool ok, string allowed)
        {
            if (v is not null && !ok)
                throw new ArgumentException($"{option} = '{this}': {key} = {v.Value.ToString(CultureInfo.InvariantCulture)} is not allowed; it must be {allowed}.");
        }
        Range("beta1", Beta1, Beta1 is >= 0 and < 1, "in [0, 1)");
        Range("beta2", Beta2, Beta2 is >= 0 and < 1, "in [0, 1)");
        Range("eps", Eps, Eps > 0, "> 0");
        Range("alpha", Alpha, Alpha is >= 0 and < 1, "in [0, 1)");
        Range("momentum", Momentum, Momentum is >= 0 and < 1, "in [0, 1)");
        Range("dampening", Dampening, Dampening is >= 0 and <= 1, "in [0, 1]");
        Range("lr-decay", LrDecay, LrDecay >= 0, "≥ 0");
        Range("initial-accumulator-value", InitialAccumulatorValue, InitialAccumulatorValue >= 0, "≥ 0");
        Range("momentum-decay", MomentumDecay, MomentumDecay >= 0, "≥ 0");
        Range("lookahead", Lookahead, Lookahead >= 1, "a whole number of steps ≥ 1");
        Range("lookahead-alpha", LookaheadAlpha, LookaheadAlpha is > 0 and <= 1, "in (0, 1]");
        if (Nesterov == true && (Momentum is not > 0 || Dampening is > 0))
            throw new ArgumentException($"{option} = '{this}': nesterov needs momentum > 0 and dampening 0 (give sgd:momentum=0.9,nesterov=true).");
        if (LookaheadAlpha is not null && Lookahead is null && Kind != OptimizerKind.Ranger)
            throw new ArgumentException($"{option} = '{this}': lookahead-alpha needs lookahead=k (the steps between synchronizations).");
        if (Kind == OptimizerKind.AdamW && Decoupled == false)
            throw new ArgumentException($"{option} = '{this}': adamw is adam with decoupled weight decay; for L2 decay use adam.");
        return this;
    }

    /// <summary>Whether weight decay is decoupled (adamw, lamb, or decoupled=true).</summary>
    public bool IsDecoupled => Decoupled == true || Kind is OptimizerKind.AdamW or OptimizerKind.Lamb;

    /// <summary>Lookahead's k, or null for none (ranger: 6 unless given).</summary>
    public int? LookaheadSteps => Lookahead ?? (Kind == OptimizerKind.Ranger ? 6 : null);

    /// <summary>Whether the optimizer normalizes its steps per coordinate (every one but sgd): μP then uses its Adam rule.</summary>
    public bool IsAdaptive => Kind != OptimizerKind.Sgd;

    /// <summary>Builds the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">SGD's momentum from <c>--momentum</c>, used when the spec gives none.</param>
    /// <param name="weightDecay">λ: the L2 gradient λ·w, or decoupled (<see cref="IsDecoupled"/>).</param>
    public Optimizer Create(IEnumerable<Parameter> parameters, double learningRate, double momentum, double weightDecay)
    {
        Check();
        // adam and adamw keep their own decoupled decay (bit-identical to earlier runs); lamb's is part of its trust ratio.
        bool baseDecays = IsDecoupled && Kind is not (OptimizerKind.Adam or OptimizerKind.AdamW or OptimizerKind.Lamb);
        double l2 = baseDecays ? 0 : weightDecay;
        double beta1 = Beta1 ?? 0.9, beta2 = Beta2 ?? 0.999;
        Optimizer inner = Kind switch
        {
            OptimizerKind.Sgd => new Sgd(parameters, learningRate, Momentum ?? momentum, l2, Nesterov ?? false, Dampening ?? 0),
            OptimizerKind.Adam or OptimizerKind.AdamW => new Adam(parameters, learningRate, l2, IsDecoupled, beta1, beta2, Eps ?? 1e-8),
            OptimizerKind.RmsProp => new RmsProp(parameters, learningRate, Alpha ?? 0.99, Eps ?? 1e-8, l2, Momentum ?? 0, Centered ?? false),
            OptimizerKind.Adagrad => new Adagrad(parameters, learningRate, LrDecay ?? 0, l2, InitialAccumulatorValue ?? 0, Eps ?? 1e-10),
            OptimizerKind.RAdam or OptimizerKind.Ranger => new RAdam(parameters, learningRate, beta1, beta2, Eps ?? 1e-8, l2),
            OptimizerKind.NAdam => new NAdam(parameters, learningRate, beta1, beta2, Eps ?? 1e-8, l2, MomentumDecay ?? 4e-3),
            _ => new Lamb(parameters, learningRate, beta1, beta2, Eps ?? 1e-6, l2),
        };
        var optimizer = LookaheadSteps is int k ? new Optim.Lookahead(inner, k, LookaheadAlpha ?? 0.5) : inner;
        optimizer.GradientCentralization = Gc ?? false;
        optimizer.DecoupledWeightDecay = baseDecays ? weightDecay : 0;
        return optimizer;
    }

    /// <summary>The canonical text: the name, then every given key in a fixed order, e.g. <c>rmsprop:alpha=0.9,centered=true</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Name(Kind));
        char separator = ':';
        void Add(string key, object? value)
        {
            if (value is null)
                return;
            string v = value switch
            {
                bool b => b ? "true" : "false",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            };
            text.Append(separator).Append(key).Append('=').Append(v);
            separator = ',';
        }
        Add("beta1", Beta1);
        Add("beta2", Beta2);
        Add("eps", Eps);
        Add("alpha", Alpha);
        Add("momentum", Momentum);
        Add("dampening", Dampening);
        Add("nesterov", Nesterov);
        Add("centered", Centered);
        Add("lr-decay", LrDecay);
        Add("initial-accumulator-value", InitialAccumulatorValue);
        Add("momentum-decay", MomentumDecay);
        Add("decoupled", Decoupled);
        Add("lookahead", Lookahead);
        Add("lookahead-alpha", LookaheadAlpha);
        Add("gc", Gc);
        return text.ToString();
    }

    /// <summary>The JSON form is the canonical text, so config.json files that say <c>"optimizer": "sgd"</c> read as before.</summary>
    sealed class OptimizerSpecJson : JsonConverter<OptimizerSpec>
    {
        public override OptimizerSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"optimizer: expected a string such as \"sgd\" or \"rmsprop:centered=true\", got {reader.TokenType}.");
            try
            {
                return Parse(reader.GetString()!, "optimizer");
            }
            catch (ArgumentException e)
            {
                throw new JsonException(e.Message);
            }
        }

        public override void Write(Utf8JsonWriter writer, OptimizerSpec value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
