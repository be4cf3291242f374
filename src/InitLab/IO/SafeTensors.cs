using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InitLab.Numerics;

namespace InitLab.IO;

/// <summary>One tensor of a <c>.safetensors</c> file: its name, dtype, shape and raw little-endian bytes.</summary>
/// <param name="Name">The tensor's key, e.g. <c>layers.0.weight</c>.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="Data">The row-major data, little-endian.</param>
public sealed record SafeTensor(string Name, DType DType, int[] Shape, byte[] Data);

/// <summary>A tensor of an integer or boolean dtype that a weights reader skipped, e.g. BatchNorm's <c>num_batches_tracked</c> (I64) in a torch state dict.</summary>
/// <param name="Name">The tensor's key.</param>
/// <param name="Code">The format's dtype code, e.g. <c>I64</c>.</param>
/// <param name="Shape">The dimensions.</param>
public sealed record SkippedTensor(string Name, string Code, int[] Shape)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}] {Code}";
}

/// <summary>The <c>.safetensors</c> format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON, then the data.</summary>
/// <remarks>
/// The header maps each tensor name to <c>{"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}</c> (offsets
/// relative to the end of the header) and may hold <c>"__metadata__"</c>, a string-to-string map. The header is padded
/// with spaces to a multiple of 8 bytes so the data is aligned. dtypes: F32, F64, F16, BF16.
/// https://github.com/huggingface/safetensors#format
/// </remarks>
public static class SafeTensors
{
    /// <summary>The key of the free-form string map in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The InitLab version written into metadata (the library's informational version without build metadata).</summary>
    public static string LibraryVersion { get; } =
        (typeof(SafeTensors).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0").Split('+')[0];

    /// <summary>The format's dtype code.</summary>
    public static string Code(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Float16 => "F16",
        _ => "BF16",
    };

    /// <summary>Writes one tensor of type <typeparamref name="T"/> atomically.</summary>
    /// <exception cref="ArgumentException">The shape does not match the data, or T does not match the dtype.</exception>
    public static void Write<T>(string path, string name, ReadOnlySpan<T> data, ReadOnlySpan<int> shape, DType dtype, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged
    {
        if (Marshal.SizeOf<T>() != dtype.Size())
            throw new ArgumentException($"element type {typeof(T).Name} does not match dtype {dtype.Name()}.", nameof(dtype));
        Write(path, [new SafeTensor(name, dtype, shape.ToArray(), MemoryMarshal.AsBytes(data).ToArray())], metadata);
    }

    /// <summary>Writes tensors atomically, in the given order.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved, or a shape does not match its data.</exception>
    public static void Write(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header[MetadataKey] = new JsonObject(metadata.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        long offset = 0;
        foreach (var t in tensors)
        {
            if (string.IsNullOrEmpty(t.Name) || t.Name == MetadataKey || header.ContainsKey(t.Name))
                throw new ArgumentException($"tensor name '{t.Name}' is empty, reserved or repeated.", nameof(tensors));
            long count = t.Shape.Aggregate(1L, (a, d) => a * d);
            if (t.Shape.Any(d => d < 0) || count * t.DType.Size() != t.Data.Length)
                throw new ArgumentException($"tensor '{t.Name}': shape [{string.Join(", ", t.Shape)}] of {t.DType.Name()} needs {count * t.DType.Size()} bytes but has {t.Data.Length}.", nameof(tensors));
            header[t.Name] = new JsonObject
            {
                ["dtype"] = Code(t.DType),
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + t.Data.Length),
            };
            offset += t.Data.Length;
        }
        byte[] prefix = Prefix(header);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(prefix);
            foreach (var t in tensors) stream.Write(t.Data);
        });
    }

    /// <summary>The 8-byte header length and the JSON header, padded with spaces to a multiple of 8 bytes so the data that follows is aligned.</summary>
    public static byte[] Prefix(JsonObject header)
    {
        ArgumentNullException.ThrowIfNull(header);
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        var prefix = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        json.CopyTo(prefix, 8);
        prefix.AsSpan(8 + json.Length).Fill((byte)' ');
        return prefix;
    }

    /// <summary>Reads a file: its metadata and its tensors.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid .safetensors file; the message names the file and the problem.</exception>
    public static (IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafeTensor> Tensors) Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Reads a file of weights: its metadata and floating-point tensors, with integer and boolean tensors (I8 … I64, U8 … U64, BOOL) checked like the others and added to <paramref name="skipped"/> instead of failing.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid .safetensors file.</exception>
    public static (IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafeTensor> Tensors) Read(string path, ICollection<SkippedTensor> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        return Read(File.ReadAllBytes(path), path, skipped);
    }

    /// <summary>Reads the bytes of a .safetensors file; <paramref name="source"/> names it in messages.</summary>
    /// <remarks>
    /// Checked, as the format's reference reader does: the header length fits in the file, the header is a JSON object,
    /// <c>__metadata__</c> maps strings to strings, every tensor has a known dtype, a shape of non-negative integers and
    /// data offsets whose span is exactly shape product × item size bytes inside the data, and the tensors' spans cover the
    /// data without gaps or overlaps. A header that lies about sizes is an error naming the tensor.
    /// </remarks>
    /// <exception cref="InvalidDataException">The bytes are not a valid .safetensors file.</exception>
    public static (IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafeTensor> Tensors) Read(byte[] file, string source) => Read(file, source, null);

    static (IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafeTensor> Tensors) Read(byte[] file, string source, ICollection<SkippedTensor>? skipped)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length < 8)
            throw new InvalidDataException($"'{source}' is too short for a .safetensors file.");
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (length > (ulong)(file.Length - 8))
            throw new InvalidDataException($"'{source}': header length {length} exceeds the file.");
        JsonObject header;
        try
        {
            // A repeated key is an error here (JsonException), not an ArgumentException later when the object is first read.
            header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, (int)length), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                     ?? throw new InvalidDataException($"'{source}': the header is not a JSON object.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: an escaped key that is not valid UTF-16 (a lone surrogate, found by AFL++).
            throw new InvalidDataException($"'{source}': the header is not valid JSON ({e.Message}).");
        }
        long start = 8 + (long)length, dataLength = file.Length - start;
        var metadata = new Dictionary<string, string>();
        var tensors = new List<(SafeTensor? Tensor, SkippedTensor? Skipped, string Name, long Begin, long End)>();
        foreach (var (key, value) in header)
        {
            try
            {
                if (key == MetadataKey)
                {
                    if (value is not JsonObject map)
                        throw new InvalidDataException($"'{source}': {MetadataKey} is not a JSON object.");
                    foreach (var (k, v) in map)
                        metadata[k] = v is JsonValue text && text.TryGetValue(out string? s)
                            ? s : throw new InvalidDataException($"'{source}': {MetadataKey} entry '{k}' is not a string.");
                    continue;
                }
                tensors.Add(Entry(key, value, file, start, dataLength, source, skipped is not null));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
            {
                throw new InvalidDataException($"'{source}': the header entry '{key}' is malformed ({e.Message}).");
            }
        }
        long covered = 0;
        foreach (var (_, _, name, begin, end) in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (begin != covered)
                throw new InvalidDataException($"'{source}': tensor '{name}' starts at data offset {begin}, but the tensors before it end at {covered} " +
                                               (begin < covered ? "(overlapping data)." : "(a gap in the data)."));
            covered = end;
        }
        if (covered != dataLength)
            throw new InvalidDataException($"'{source}': the tensors' data ends at offset {covered} but the file has {dataLength} data bytes.");
        foreach (var entry in tensors.Where(t => t.Skipped is not null))
            skipped!.Add(entry.Skipped!);
        return (metadata, [.. tensors.Where(t => t.Tensor is not null).Select(t => t.Tensor!)]);
    }

    /// <summary>Bytes per element of the integer and boolean dtypes a weights reader skips.</summary>
    static readonly Dictionary<string, int> IntegerSizes = new()
    {
        ["I8"] = 1, ["U8"] = 1, ["BOOL"] = 1, ["I16"] = 2, ["U16"] = 2, ["I32"] = 4, ["U32"] = 4, ["I64"] = 8, ["U64"] = 8,
    };

    static (SafeTensor? Tensor, SkippedTensor? Skipped, string Name, long Begin, long End) Entry(string key, JsonNode? value, byte[] file, long start, long dataLength, string source, bool skipIntegers)
    {
        if (value is not JsonObject entry)
            throw new InvalidDataException($"'{source}': the header entry '{key}' is not a JSON object.");
        string code = entry["dtype"]?.GetValue<string>() ?? throw new InvalidDataException($"'{source}': tensor '{key}' has no dtype.");
        bool integer = skipIntegers && IntegerSizes.ContainsKey(code);
        var dtype = integer ? DType.Float32 : ParseCode(code, source);
        int itemSize = integer ? IntegerSizes[code] : dtype.Size();
        var dims = entry["shape"] as JsonArray ?? throw new InvalidDataException($"'{source}': tensor '{key}' has no shape array.");
        var offsets = entry["data_offsets"] as JsonArray;
        if (offsets is not { Count: 2 })
            throw new InvalidDataException($"'{source}': tensor '{key}' needs data_offsets [begin, end].");
        var shape = new int[dims.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = dims[i]?.GetValue<int>() ?? -1;
            if (shape[i] < 0)
                throw new InvalidDataException($"'{source}': tensor '{key}' has shape entry {dims[i]?.ToJsonString() ?? "null"}, not a non-negative integer.");
            count = count == 0 || shape[i] == 0 ? 0 : count <= int.MaxValue / shape[i] ? count * shape[i] : throw new InvalidDataException(
                $"'{source}': tensor '{key}' has shape [{string.Join(", ", shape[..(i + 1)])}…], more elements than InitLab holds in one tensor.");
        }
        long begin = offsets[0]?.GetValue<long>() ?? -1, end = offsets[1]?.GetValue<long>() ?? -1;
        if (begin < 0 || end < begin || end > dataLength)
            throw new InvalidDataException($"'{source}': tensor '{key}' has data offsets [{begin}, {end}] outside the {dataLength} data bytes.");
        if (end - begin != count * itemSize)
            throw new InvalidDataException($"'{source}': tensor '{key}' of shape [{string.Join(", ", shape)}] {code} needs {count * itemSize} bytes " +
                                           $"but its data offsets [{begin}, {end}] span {end - begin}.");
        return integer
            ? (null, new SkippedTensor(key, code, shape), key, begin, end)
            : (new SafeTensor(key, dtype, shape, file[(int)(start + begin)..(int)(start + end)]), null, key, begin, end);
    }

    static DType ParseCode(string code, string source) => code switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "F16" => DType.Float16,
        "BF16" => DType.BFloat16,
        _ => throw new InvalidDataException($"'{source}': dtype '{code}' is not supported; InitLab reads F32, F64, F16 and BF16."),
    };
}
