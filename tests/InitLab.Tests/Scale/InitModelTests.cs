using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using InitLab.Init;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Random;
using InitLab.Scale;
using InitLab.Tests.Support;

namespace InitLab.Tests.Scale;

public sealed class InitModelTests : IDisposable
{
    const string TinyLlama = """
        {"model_type": "llama", "hidden_size": 64, "intermediate_size": 172, "num_hidden_layers": 3, "num_attention_heads": 4,
         "num_key_value_heads": 2, "vocab_size": 1000, "initializer_range": 0.02,
         "initlab": {"residual_scaling": "gpt2", "overrides": {"model.embed_tokens.weight": "truncated-normal:std=1,low=-2,high=2"}}}
        """;

    const string TinyGpt2 = """{"model_type": "gpt2", "n_embd": 32, "n_layer": 2, "n_head": 4, "vocab_size": 500, "n_positions": 64}""";

    readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    string Config(string json, string name = "config.json")
    {
        string path = directory.File(name);
        File.WriteAllText(path, json);
        return path;
    }

    static Dictionary<string, (string, string)> TensorsIn(string dir) =>
        Directory.GetFiles(dir, "*.safetensors").SelectMany(f => SafeTensors.Read(f).Tensors)
            .ToDictionary(t => t.Name, t => (string.Join(",", t.Shape), Convert.ToBase64String(t.Data)));

    static string[] Files(string dir) => [.. Directory.GetFiles(dir).Select(Path.GetFileName).Order()!];

    [Fact]
    public void Llama_HasHuggingFacesNamesAndShapes()
    {
        var arch = ModelArchitecture.Parse(JsonNode.Parse(TinyLlama)!.AsObject(), "c");
        var shapes = arch.Parameters.ToDictionary(p => p.Name, p => p.Shape);
        Assert.Equal([1000, 64], shapes["model.embed_tokens.weight"]);
        Assert.Equal([32, 64], shapes["model.layers.2.self_attn.k_proj.weight"]);   // 2 kv heads × 16
        Assert.Equal([64, 172], shapes["model.layers.0.mlp.down_proj.weight"]);
        Assert.Equal([64], shapes["model.norm.weight"]);
        Assert.Equal([1000, 64], shapes["lm_head.weight"]);
        Assert.Equal(2 + 3 * 9 + 1, arch.Parameters.Count);
        Assert.Equal(1000 * 64 * 2 + 3 * (64 * 64 * 2 + 32 * 64 * 2 + 172 * 64 * 3 + 128) + 64, arch.Count);
        var schemes = arch.Parameters.ToDictionary(p => p.Name, p => p.Scheme);
        Assert.Equal("normal:std=0.02", schemes["model.layers.0.self_attn.q_proj.weight"]);
        Assert.Equal("normal:std=" + (0.02 / Math.Sqrt(6)).ToString("R", System.Globalization.CultureInfo.InvariantCulture), schemes["model.layers.1.self_attn.o_proj.weight"]);
        Assert.Equal("ones", schemes["model.layers.0.input_layernorm.weight"]);
        Assert.Equal("truncated-normal:std=1,low=-2,high=2", schemes["model.embed_tokens.weight"]);
    }

    [Fact]
    public void Gpt2_HasTransformerPrefixedConv1DWeights_AndNoHead()
    {
        var arch = ModelArchitecture.Parse(JsonNode.Parse(TinyGpt2)!.AsObject(), "c");
        var shapes = arch.Parameters.ToDictionary(p => p.Name, p => p.Shape);
        Assert.Equal([32, 96], shapes["transformer.h.1.attn.c_attn.weight"]);
        Assert.Equal([128, 32], shapes["transformer.h.0.mlp.c_proj.weight"]);
        Assert.Equal([64, 32], shapes["transformer.wpe.weight"]);
        Assert.DoesNotContain("lm_head.weight", shapes.Keys);
        Assert.Equal("zeros", arch.Parameters.Single(p => p.Name == "transformer.ln_f.bias").Scheme);
        Assert.Equal(WeightLayout.InOut, arch.Parameters.Single(p => p.Name == "transformer.h.0.mlp.c_fc.weight").Layout);
    }

    [Fact]
    public void ShardPlan_FollowsSavePretrained()
    {
        var arch = ModelArchitecture.Parse(JsonNode.Parse(TinyLlama)!.AsObject(), "c");
        var one = ShardPlan.Of(arch, DType.BFloat16, 5_000_000_000);
        Assert.Equal(ShardedModelWriter.SingleFile, Assert.Single(one.Shards).File);
        var many = ShardPlan.Of(arch, DType.BFloat16, 100_000);
        Assert.Equal(arch.Count * 2, many.TotalBytes);
        Assert.Equal("model-00001-of-00005.safetensors", many.Shards[0].File);
        // The 128 000-byte embedding exceeds 100 kB: a shard of its own, and no shard but such a one is over the limit.
        Assert.Equal(["model.embed_tokens.weight"], many.Shards[0].Tensors.Select(t => t.Name));
        Assert.All(many.Shards, s => Assert.True(s.Bytes <= 100_000 || s.Tensors.Count == 1));
        // State-dict order across shards; names sorted within one.
        Assert.Equal(arch.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal), many.Shards.SelectMany(s => s.Tensors).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(many.Shards, s => Assert.Equal(s.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal), s.Tensors.Select(t => t.Name)));
        Assert.Equal([0, 3], many.Part(1, 3).Select(s => s.Index));
        Assert.Equal([2], many.Part(3, 3).Select(s => s.Index));
    }

    [Fact]
    public void Bytes_AreTheSame_ForAnyShardSizeThreadCountOrPartSplit()
    {
        string config = Config(TinyLlama);
        string Run(string name, params string[] extra)
        {
            string dir = directory.File(name);
            var r = CliRunner.Run(["init-model", "--arch", config, "--out", dir, .. extra.Contains("--seed") ? extra : [.. extra, "--seed", "7"]]);
            Assert.True(r.ExitCode == 0, r.Err);
            return dir;
        }
        var whole = TensorsIn(Run("one", "--threads", "1"));
        string sharded = Run("sharded", "--shard-size", "100KB", "--threads", "2");
        Assert.Equal(whole, TensorsIn(sharded));
        Assert.Equal(whole, TensorsIn(Run("sharded-200k", "--shard-size", "200KB")));
        string parts = directory.File("parts");
        foreach (string k in new[] { "2/3", "3/3", "1/3" })
            Run("parts", "--shard-size", "100KB", "--part", k, "--threads", k == "2/3" ? "1" : "2");
        Assert.Equal(Files(sharded), Files(parts));
        foreach (string file in Files(sharded))
            Assert.Equal(File.ReadAllBytes(Path.Combine(sharded, file)), File.ReadAllBytes(Path.Combine(parts, file)));
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(sharded, ShardedModelWriter.IndexFile)))!;
        Assert.Equal(whole.Count, index["weight_map"]!.AsObject().Count);
        Assert.Equal(528_768L, (long)index["metadata"]!["total_size"]!);
        Assert.NotEqual(whole, TensorsIn(Run("seed8", "--seed", "8")));
    }

    [Fact]
    public void StreamedTensors_EqualTheSchemesWholeTensorFill_AcrossChunkBoundaries()
    {
        // 70 000 × 128 = 8.96 M values: two chunks of ShardedModelWriter.ChunkElements.
        string config = Config("""{"model_type": "llama", "hidden_size": 128, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "vocab_size": 70000, "tie_word_embeddings": true}""");
        string dir = directory.File("big");
        Assert.Equal(0, CliRunner.Run("init-model", "--arch", config, "--out", dir, "--dtype", "f32", "--seed", "3").ExitCode);
        var tensors = SafeTensors.Read(Path.Combine(dir, ShardedModelWriter.SingleFile)).Tensors.ToDictionary(t => t.Name);
        Assert.DoesNotContain("lm_head.weight", tensors.Keys);
        var embedding = tensors["model.embed_tokens.weight"];
        Assert.True(embedding.Shape[0] * embedding.Shape[1] > ShardedModelWriter.ChunkElements);
        var expected = new float[70000 * 128];
        new Normal(0, 0.02).Initialize<float>(expected, [70000, 128], new InitContext(new RandomStream(3, "model.embed_tokens.weight")));
        Assert.Equal(MemoryMarshal.AsBytes(expected.AsSpan()).ToArray(), embedding.Data);
        Assert.All(MemoryMarshal.Cast<byte, float>(tensors["model.norm.weight"].Data).ToArray(), v => Assert.Equal(1f, v));
        var sample = SampleStats.Of<float>(MemoryMarshal.Cast<byte, float>(tensors["model.layers.0.mlp.up_proj.weight"].Data));
        Assert.InRange(sample.Std, 0.019, 0.021);
    }

    [Theory]
    [InlineData("""{"model_type": "bert"}""", new string[0], "model_type = 'bert' is not supported")]
    [InlineData("""{"model_type": "llama", "hidden_size": 64}""", new string[0], "num_hidden_layers is missing")]
    [InlineData("""{"model_type": "gpt2", "n_embd": 30, "n_layer": 1, "n_head": 4, "vocab_size": 5, "n_positions": 4}""", new string[0], "n_embd 30 must divide by n_head 4")]
    [InlineData("""{"model_type": "gpt2", "n_embd": -3, "n_layer": 1, "n_head": 1, "vocab_size": 5, "n_positions": 4}""", new string[0], "n_embd = -3 is not allowed")]
    [InlineData(TinyGpt2Orthogonal, new string[0], "orthogonal is not element-wise")]
    [InlineData(TinyGpt2BadPattern, new string[0], "pattern 'nothing.*' matches no parameter")]
    [InlineData(TinyGpt2, new[] { "--part", "4/3" }, "--part = '4/3' is not allowed")]
    [InlineData(TinyGpt2, new[] { "--shard-size", "big" }, "--shard-size = 'big' is not allowed")]
    [InlineData(TinyGpt2, new[] { "--dtype", "f64" }, "--dtype = 'f64' is not allowed")]
    public void BadInput_IsOneLine_AndWritesNothing(string json, string[] extra, string fragment)
    {
        string dir = directory.File("out");
        CliRunner.AssertUsageError(CliRunner.Run(["init-model", "--arch", Config(json), "--out", dir, .. extra]), fragment);
        Assert.False(Directory.Exists(dir));
    }

    const string TinyGpt2Orthogonal = """{"model_type": "gpt2", "n_embd": 32, "n_layer": 1, "n_head": 4, "vocab_size": 50, "n_positions": 8, "initlab": {"overrides": {"*.c_fc.weight": "orthogonal"}}}""";

    const string TinyGpt2BadPattern = """{"model_type": "gpt2", "n_embd": 32, "n_layer": 1, "n_head": 4, "vocab_size": 50, "n_positions": 8, "initlab": {"overrides": {"nothing.*": "zeros"}}}""";
}
