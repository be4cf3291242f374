using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using InitLab.Init;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Random;
using InitLab.Training;

namespace InitLab.Scale;

/// <summary>One shard file: its tensors (in file order) and their bytes.</summary>
/// <param name="Index">0-based.</param>
/// <param name="File">The file name, e.g. <c>model-00001-of-00003.safetensors</c>.</param>
/// <param name="Tensors">Its parameters, in the order their data is stored (by name, as safetensors orders them).</param>
/// <param name="Bytes">The tensors' data bytes.</param>
public sealed record Shard(int Index, string File, IReadOnlyList<ArchitectureParameter> Tensors, long Bytes);

/// <summary>How a model is split into shard files, and which of them a <c>--part k/n</c> writes.</summary>
/// <param name="Shards">Every shard.</param>
/// <param name="DType">The stored element type.</param>
/// <param name="TotalBytes">All tensors' data bytes: the index's <c>metadata.total_size</c>.</param>
public sealed record ShardPlan(IReadOnlyList<Shard> Shards, DType DType, long TotalBytes)
{
    /// <summary>The shards of part <paramref name="k"/> of <paramref name="n"/> (1-based): shard j belongs to part (j mod n) + 1.</summary>
    public IReadOnlyList<Shard> Part(int k, int n) => [.. Shards.Where(s => s.Index % n == k - 1)];

    /// <summary>Splits <paramref name="architecture"/> as Hugging Face's <c>save_pretrained(max_shard_size=…)</c> does.</summary>
    /// <remarks>
    /// Tensors are taken in state-dict order; a tensor starts a new shard when adding it would take the current one past
    /// <paramref name="shardBytes"/> (a tensor larger than that gets a shard of its own). One shard is <c>model.safetensors</c>;
    /// more are <c>model-0000i-of-0000N.safetensors</c> with <c>model.safetensors.index.json</c> (huggingface_hub
    /// <c>split_torch_state_dict_into_shards</c>).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The shard size is not positive.</exception>
    public static ShardPlan Of(ModelArchitecture architecture, DType dtype, long shardBytes)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (shardBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(shardBytes), shardBytes, "--shard-size must be positive.");
        var groups = new List<List<ArchitectureParameter>>();
        long current = 0;
        foreach (var p in architecture.Parameters)
        {
            long bytes = p.Count * dtype.Size();
            if (groups.Count == 0 || (current + bytes > shardBytes && groups[^1].Count > 0))
            {
                groups.Add([]);
                current = 0;
            }
            groups[^1].Add(p);
            current += bytes;
        }
        int n = groups.Count;
        var shards = groups.Select((g, i) => new Shard(i, n == 1 ? ShardedModelWriter.SingleFile : string.Create(CultureInfo.InvariantCulture, $"model-{i + 1:00000}-of-{n:00000}.safetensors"),
            [.. g.OrderBy(p => p.Name, StringComparer.Ordinal)], g.Sum(p => p.Count * dtype.Size()))).ToList();
        return new ShardPlan(shards, dtype, shards.Sum(s => s.Bytes));
    }
}

/// <summary>
/// Writes a model's initial weights as sharded <c>.safetensors</c> files, streaming: each tensor is generated in chunks of
/// <see cref="ChunkElements"/> values straight into the file, so memory stays bounded whatever the model's size.
/// </summary>
/// <remarks>
/// Element i of tensor <c>name</c> is element i of <c>RandomStream(seed, name)</c>'s draw for its scheme (docs/random.md):
/// chunk c is drawn at stream offset c·<see cref="ChunkElements"/>, which gives the bytes a whole-tensor fill gives. So the
/// bytes of every tensor are the same for any shard size, thread count or <c>--part</c> split, and any part can be redone
/// alone. Only element-wise schemes (whose values are i.i.d. draws) stream; a structured scheme (orthogonal, identity, …)
/// is an error. Each shard is written atomically (temporary file, then rename).
/// </remarks>
public static class ShardedModelWriter
{
    /// <summary>The file name of an unsharded model.</summary>
    public const string SingleFile = "model.safetensors";

    /// <summary>The index file of a sharded model.</summary>
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>Values generated per chunk: 8 Mi values (16 MiB of bf16, 32 MiB of f32) bound the memory in use.</summary>
    public const int ChunkElements = 1 << 23;

    /// <summary>Writes <c>model.safetensors.index.json</c> (sorted keys, two-space indent, as <c>save_pretrained</c>); nothing for one shard.</summary>
    public static void WriteIndex(string directory, ShardPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Shards.Count == 1)
            return;
        var map = plan.Shards.SelectMany(s => s.Tensors.Select(t => (t.Name, s.File))).OrderBy(p => p.Name, StringComparer.Ordinal);
        var index = new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_size"] = plan.TotalBytes },
            ["weight_map"] = new JsonObject(map.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.File))),
        };
        AtomicFile.WriteText(Path.Combine(directory, IndexFile), index.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }) + "\n");
    }

    /// <summary>Checks that every parameter's scheme builds for its shape and streams (is element-wise), before anything is written.</summary>
    /// <exception cref="ArgumentException">A scheme does not suit its parameter or is not element-wise.</exception>
    public static void Check(ModelArchitecture architecture, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        foreach (var p in architecture.Parameters)
            Element(p, seed, threads: 1);
    }

    /// <summary>Writes one shard; <paramref name="progress"/> receives the bytes written so far in it.</summary>
    /// <exception cref="ArgumentException">A scheme does not suit its parameter or is not element-wise.</exception>
    /// <exception cref="IOException">The disk is full or the directory is not writable (no file is left under the shard's name).</exception>
    public static void WriteShard(string directory, Shard shard, DType dtype, ulong seed, int threads, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(shard);
        switch (dtype)
        {
            case DType.Float32: WriteShard<float>(directory, shard, dtype, seed, threads, progress); break;
            case DType.Float16: WriteShard<Half>(directory, shard, dtype, seed, threads, progress); break;
            case DType.BFloat16: WriteShard<BFloat16>(directory, shard, dtype, seed, threads, progress); break;
            default: throw new ArgumentException($"--dtype = {dtype.Name()} is not allowed; use bf16, f16 or f32.");
        }
    }

    static void WriteShard<T>(string directory, Shard shard, DType dtype, ulong seed, int threads, Action<long>? progress) where T : unmanaged
    {
        var elements = shard.Tensors.Select(t => Element(t, seed, threads)).ToArray();
        byte[] header = Header(shard, dtype);
        AtomicFile.Write(Path.Combine(directory, shard.File), stream =>
        {
            stream.Write(header);
            long written = 0;
            int size = (int)Math.Min(ChunkElements, shard.Tensors.Count == 0 ? 1 : shard.Tensors.Max(t => t.Count));
            // Two buffers: chunk c + 1 is drawn while chunk c is written, so generation and I/O overlap.
            T[][] buffers = [new T[size], new T[size]];
            Task? writing = null;
            int turn = 0;
            for (int i = 0; i < shard.Tensors.Count; i++)
            {
                var (element, values) = elements[i];
                long count = shard.Tensors[i].Count;
                for (long offset = 0; offset < count; offset += ChunkElements)
                {
                    var buffer = buffers[turn++ & 1];
                    int length = (int)Math.Min(ChunkElements, count - offset);
                    element.Sample(buffer.AsSpan(0, length), values, offset, threads);
                    writing?.GetAwaiter().GetResult();
                    writing = Task.Run(() => stream.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, length))));
                    written += (long)length * dtype.Size();
                    progress?.Invoke(written);
                }
            }
            writing?.GetAwaiter().GetResult();
        });
    }

    /// <summary>The element distribution and stream of <paramref name="p"/>'s scheme.</summary>
    static (Distribution Element, RandomStream Stream) Element(ArchitectureParameter p, ulong seed, int threads)
    {
        var text = SchemeText.Parse(p.Scheme, p.Name);
        var scheme = text.Create(Activations.Activation.Parse("identity"), p.Name);
        var stream = new RandomStream(seed, p.Name);
        var theory = scheme.Describe(p.Shape, new InitContext(stream, new FanRule(p.Layout), threads));
        return theory.Element is { } element
            ? (element, stream)
            : throw new ArgumentException($"{p.Name}: {scheme.Name} is not element-wise (its values depend on the whole tensor), so it cannot be streamed; " +
                                          "init-model takes constant, uniform, normal, truncated-normal and the variance-scaling schemes.");
    }

    /// <summary>The shard's header: <c>{"format": "pt"}</c> metadata, then every tensor with its offsets in file order.</summary>
    static byte[] Header(Shard shard, DType dtype)
    {
        var header = new JsonObject { [SafeTensors.MetadataKey] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var t in shard.Tensors)
        {
            long bytes = t.Count * dtype.Size();
            header[t.Name] = new JsonObject
            {
                ["dtype"] = SafeTensors.Code(dtype),
                ["shape"] = new JsonArray([.. t.Shape.Select(d => (JsonNode?)d)]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        return SafeTensors.Prefix(header);
    }
}
