using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InitLab.Init;
using InitLab.Training;

namespace InitLab.Scale;

/// <summary>One parameter of a decoder architecture: its Hugging Face state-dict name, shape, scheme text and weight layout.</summary>
/// <param name="Name">The state-dict key, e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
/// <param name="Shape">Row-major dimensions as Hugging Face stores them.</param>
/// <param name="Scheme">The scheme text (<c>NAME[:KEY=VALUE,...]</c>) its values come from.</param>
/// <param name="Layout">How its fans are read from the shape: <c>nn.Linear</c> is [out, in], GPT-2's <c>Conv1D</c> is [in, out].</param>
public sealed record ArchitectureParameter(string Name, int[] Shape, string Scheme, WeightLayout Layout)
{
    /// <summary>The number of elements.</summary>
    public long Count => Shape.Aggregate(1L, (a, d) => a * d);
}

/// <summary>
/// A decoder-only transformer described as Hugging Face's <c>config.json</c> describes it (<c>model_type</c> <c>llama</c>,
/// <c>mistral</c> or <c>gpt2</c>), plus an init recipe: the parameters it has, in Hugging Face's state-dict order, each with its scheme.
/// </summary>
/// <remarks>
/// <para>Llama (<c>LlamaForCausalLM</c>): <c>model.embed_tokens.weight</c> [V, H]; per layer <c>self_attn.{q,k,v,o}_proj.weight</c>
/// ([H, H], [KV·d, H], [KV·d, H], [H, H] with d = H/heads), <c>mlp.{gate,up,down}_proj.weight</c> ([I, H], [I, H], [H, I]),
/// <c>input_layernorm.weight</c> and <c>post_attention_layernorm.weight</c> [H]; <c>model.norm.weight</c> [H]; <c>lm_head.weight</c>
/// [V, H] unless <c>tie_word_embeddings</c>. GPT-2 (<c>GPT2LMHeadModel</c>): <c>transformer.wte.weight</c> [V, E], <c>wpe</c> [P, E];
/// per layer <c>ln_1</c>, <c>attn.c_attn</c> ([E, 3E] Conv1D), <c>attn.c_proj</c> [E, E], <c>ln_2</c>, <c>mlp.c_fc</c> [E, I],
/// <c>mlp.c_proj</c> [I, E], with biases; <c>transformer.ln_f</c>; the head is tied to <c>wte</c> and not stored.</para>
/// <para>The recipe is the optional <c>"initlab"</c> object: <c>init</c> for weights (default <c>normal:std=</c><c>initializer_range</c>,
/// 0.02 when absent: both models' <c>_init_weights</c>), <c>bias</c> (zeros), <c>norm</c> (ones), <c>residual_scaling</c> <c>gpt2</c>
/// (std/√(2·layers) on the projections into the residual stream, Radford et al. 2019; GPT-2's c_proj, Llama's o_proj and
/// down_proj) or <c>none</c> (default), and <c>overrides</c>, PATTERN → SCHEME with <c>*</c>/<c>?</c> globs, the last match winning.</para>
/// </remarks>
public sealed class ModelArchitecture
{
    ModelArchitecture(string kind, IReadOnlyList<ArchitectureParameter> parameters, IReadOnlyDictionary<string, string> summary)
    {
        Kind = kind;
        Parameters = parameters;
        Summary = summary;
    }

    /// <summary><c>llama</c> or <c>gpt2</c>.</summary>
    public string Kind { get; }

    /// <summary>Every stored parameter, in Hugging Face's state-dict order.</summary>
    public IReadOnlyList<ArchitectureParameter> Parameters { get; }

    /// <summary>The sizes read from the config, for the report.</summary>
    public IReadOnlyDictionary<string, string> Summary { get; }

    /// <summary>The number of parameters stored.</summary>
    public long Count => Parameters.Sum(p => p.Count);

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The file is not a supported config, or a size or recipe entry is invalid; the message names the file and key.</exception>
    public static ModelArchitecture Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"--arch = '{path}' does not exist.", path);
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new ArgumentException($"--arch '{path}' is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--arch '{path}' is not valid JSON ({e.Message}).");
        }
        return Parse(config, path);
    }

    /// <summary>Reads a parsed config; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ArgumentException">The config is not supported, or a size or recipe entry is invalid.</exception>
    public static ModelArchitecture Parse(JsonObject config, string source)
    {
        ArgumentNullException.ThrowIfNull(config);
        var reader = new ConfigReader(config, source);
        string type = reader.Text("model_type", null);
        var recipe = Recipe.Read(config["initlab"], source, reader.Number("initializer_range", 0.02));
        return type switch
        {
            "llama" or "mistral" => Llama(reader, recipe),
            "gpt2" => Gpt2(reader, recipe),
            _ => throw new ArgumentException($"{source}: model_type = '{type}' is not supported; use llama, mistral or gpt2."),
        };
    }

    static ModelArchitecture Llama(ConfigReader c, Recipe recipe)
    {
        int h = c.Size("hidden_size"), layers = c.Size("num_hidden_layers"), heads = c.Size("num_attention_heads");
        int kv = c.Size("num_key_value_heads", heads), inter = c.Size("intermediate_size"), vocab = c.Size("vocab_size");
        bool tied = c.Flag("tie_word_embeddings", false);
        if (h % heads != 0 || heads % kv != 0)
            throw new ArgumentException($"{c.Source}: hidden_size {h} must divide by num_attention_heads {heads}, and that by num_key_value_heads {kv}.");
        int kvDim = kv * (h / heads);
        var list = new List<(string Name, int[] Shape, Role Role)> { ("model.embed_tokens.weight", [vocab, h], Role.Weight) };
        for (int i = 0; i < layers; i++)
        {
            string p = $"model.layers.{i}.";
            list.Add((p + "self_attn.q_proj.weight", [h, h], Role.Weight));
            list.Add((p + "self_attn.k_proj.weight", [kvDim, h], Role.Weight));
            list.Add((p + "self_attn.v_proj.weight", [kvDim, h], Role.Weight));
            list.Add((p + "self_attn.o_proj.weight", [h, h], Role.Residual));
            list.Add((p + "mlp.gate_proj.weight", [inter, h], Role.Weight));
            list.Add((p + "mlp.up_proj.weight", [inter, h], Role.Weight));
            list.Add((p + "mlp.down_proj.weight", [h, inter], Role.Residual));
            list.Add((p + "input_layernorm.weight", [h], Role.Norm));
            list.Add((p + "post_attention_layernorm.weight", [h], Role.Norm));
        }
        list.Add(("model.norm.weight", [h], Role.Norm));
        if (!tied)
            list.Add(("lm_head.weight", [vocab, h], Role.Weight));
        var summary = new Dictionary<string, string>
        {
            ["hidden_size"] = Text(h), ["layers"] = Text(layers), ["heads"] = $"{heads} ({kv} key-value)", ["intermediate_size"] = Text(inter),
            ["vocab_size"] = Text(vocab), ["tied embeddings"] = tied ? "yes" : "no",
        };
        return new ModelArchitecture("llama", recipe.Apply(list, layers, WeightLayout.OutIn, c.Source), summary);
    }

    static ModelArchitecture Gpt2(ConfigReader c, Recipe recipe)
    {
        int e = c.Size("n_embd"), layers = c.Size("n_layer"), heads = c.Size("n_head"), vocab = c.Size("vocab_size"), positions = c.Size("n_positions");
        int inter = c.Size("n_inner", 4 * e);
        if (e % heads != 0)
            throw new ArgumentException($"{c.Source}: n_embd {e} must divide by n_head {heads}.");
        var list = new List<(string Name, int[] Shape, Role Role)>
        {
            ("transformer.wte.weight", [vocab, e], Role.Weight),
            ("transformer.wpe.weight", [positions, e], Role.Weight),
        };
        for (int i = 0; i < layers; i++)
        {
            string p = $"transformer.h.{i}.";
            list.Add((p + "ln_1.weight", [e], Role.Norm));
            list.Add((p + "ln_1.bias", [e], Role.Bias));
            list.Add((p + "attn.c_attn.weight", [e, 3 * e], Role.Weight));
            list.Add((p + "attn.c_attn.bias", [3 * e], Role.Bias));
            list.Add((p + "attn.c_proj.weight", [e, e], Role.Residual));
            list.Add((p + "attn.c_proj.bias", [e], Role.Bias));
            list.Add((p + "ln_2.weight", [e], Role.Norm));
            list.Add((p + "ln_2.bias", [e], Role.Bias));
            list.Add((p + "mlp.c_fc.weight", [e, inter], Role.Weight));
            list.Add((p + "mlp.c_fc.bias", [inter], Role.Bias));
            list.Add((p + "mlp.c_proj.weight", [inter, e], Role.Residual));
            list.Add((p + "mlp.c_proj.bias", [e], Role.Bias));
        }
        list.Add(("transformer.ln_f.weight", [e], Role.Norm));
        list.Add(("transformer.ln_f.bias", [e], Role.Bias));
        var summary = new Dictionary<string, string>
        {
            ["n_embd"] = Text(e), ["layers"] = Text(layers), ["heads"] = Text(heads), ["n_inner"] = Text(inter), ["vocab_size"] = Text(vocab),
            ["n_positions"] = Text(positions), ["tied embeddings"] = "yes (lm_head = wte, not stored)",
        };
        return new ModelArchitecture("gpt2", recipe.Apply(list, layers, WeightLayout.InOut, c.Source), summary);
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    enum Role { Weight, Residual, Bias, Norm }

    /// <summary>The <c>"initlab"</c> recipe object.</summary>
    sealed record Recipe(string Weights, string Biases, string Norms, bool Gpt2Scaling, IReadOnlyList<(string Pattern, string Scheme)> Overrides)
    {
        static readonly string[] Keys = ["init", "bias", "norm", "residual_scaling", "overrides"];

        public static Recipe Read(JsonNode? node, string source, double initializerRange)
        {
            string range = initializerRange.ToString("R", CultureInfo.InvariantCulture);
            if (node is null)
                return new Recipe($"normal:std={range}", "zeros", "ones", false, []);
            if (node is not JsonObject o)
                throw new ArgumentException($"{source}: \"initlab\" must be an object with {string.Join(", ", Keys)}.");
            foreach (var (key, _) in o)
                if (!Keys.Contains(key))
                    throw new ArgumentException($"{source}: initlab.{key} is not a recipe key; use {string.Join(", ", Keys)}.");
            string Get(string key, string fallback) => o[key] is null ? fallback
                : o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : throw new ArgumentException($"{source}: initlab.{key} must be a string.");
            string scaling = Get("residual_scaling", "none");
            if (scaling is not ("none" or "gpt2"))
                throw new ArgumentException($"{source}: initlab.residual_scaling = '{scaling}' is not allowed; use none or gpt2.");
            var overrides = new List<(string, string)>();
            if (o["overrides"] is JsonObject map)
                foreach (var (pattern, scheme) in map)
                    overrides.Add((pattern, scheme is JsonValue sv && sv.TryGetValue(out string? text) ? text
                        : throw new ArgumentException($"{source}: initlab.overrides['{pattern}'] must be a scheme string.")));
            else if (o["overrides"] is not null)
                throw new ArgumentException($"{source}: initlab.overrides must be an object of PATTERN: SCHEME.");
            return new Recipe(Get("init", $"normal:std={range}"), Get("bias", "zeros"), Get("norm", "ones"), scaling == "gpt2", overrides);
        }

        public IReadOnlyList<ArchitectureParameter> Apply(List<(string Name, int[] Shape, Role Role)> list, int layers, WeightLayout layout, string source)
        {
            foreach (var (pattern, _) in Overrides)
                if (!list.Any(p => InitPlan.Matches(pattern, p.Name)))
                    throw new ArgumentException($"{source}: initlab.overrides pattern '{pattern}' matches no parameter (e.g. {list[Math.Min(1, list.Count - 1)].Name}).");
            return [.. list.Select(p =>
            {
                string scheme = Overrides.LastOrDefault(o => InitPlan.Matches(o.Pattern, p.Name)).Scheme ?? p.Role switch
                {
                    Role.Bias => Biases,
                    Role.Norm => Norms,
                    Role.Residual when Gpt2Scaling => Scaled(Weights, layers, source),
                    _ => Weights,
                };
                SchemeText.Parse(scheme, $"{source}: the scheme of {p.Name}");
                return new ArchitectureParameter(p.Name, p.Shape, scheme, p.Shape.Length == 1 ? WeightLayout.OutIn : layout);
            })];
        }

        /// <summary>The weight scheme with its std divided by √(2·layers).</summary>
        static string Scaled(string scheme, int layers, string source)
        {
            var text = SchemeText.Parse(scheme, $"{source}: initlab.init");
            if (text.Arguments.Std is not double std)
                throw new ArgumentException($"{source}: initlab.residual_scaling gpt2 divides the init's std by √(2·layers); initlab.init = '{scheme}' has no std (use e.g. normal:std=0.02).");
            double scaled = std / Math.Sqrt(2.0 * layers);
            string head = scheme.Split(':', 2)[0];
            var pairs = scheme.Contains(':') ? scheme.Split(':', 2)[1].Split(',').Where(p => !p.Trim().StartsWith("std=", StringComparison.Ordinal)) : [];
            return $"{head}:{string.Join(",", pairs.Append("std=" + scaled.ToString("R", CultureInfo.InvariantCulture)))}";
        }
    }

    /// <summary>Typed reads of config keys with messages that name the file and key.</summary>
    sealed class ConfigReader(JsonObject config, string source)
    {
        public string Source => source;

        public int Size(string key, int? fallback = null)
        {
            var node = config[key];
            if (node is null)
                return fallback ?? throw new ArgumentException($"{source}: {key} is missing.");
            if (node is JsonValue v && v.TryGetValue(out long n) && n is >= 1 and <= int.MaxValue)
                return (int)n;
            throw new ArgumentException($"{source}: {key} = {node.ToJsonString()} is not allowed; it must be an integer ≥ 1.");
        }

        public double Number(string key, double fallback) => config[key] switch
        {
            null => fallback,
            JsonValue v when v.TryGetValue(out double d) && d > 0 && double.IsFinite(d) => d,
            var node => throw new ArgumentException($"{source}: {key} = {node.ToJsonString()} is not allowed; it must be a number > 0."),
        };

        public bool Flag(string key, bool fallback) => config[key] switch
        {
            null => fallback,
            JsonValue v when v.TryGetValue(out bool b) => b,
            var node => throw new ArgumentException($"{source}: {key} = {node.ToJsonString()} must be true or false."),
        };

        public string Text(string key, string? fallback) => config[key] switch
        {
            null => fallback ?? throw new ArgumentException($"{source}: {key} is missing (llama, mistral or gpt2)."),
            JsonValue v when v.TryGetValue(out string? s) => s,
            var node => throw new ArgumentException($"{source}: {key} = {node.ToJsonString()} must be a string."),
        };
    }
}
