using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using InitLab.IO;
using InitLab.Numerics;
using InitLab.Training;

namespace InitLab.Pretrained;

/// <summary>One tensor read for <c>--init-from</c>, converted to float32.</summary>
/// <param name="Name">The tensor's name in the file (before mapping).</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Values">Its values as float32, row-major.</param>
/// <param name="SourceType">The dtype it was stored in.</param>
/// <param name="File">The file it came from.</param>
public sealed record LoadedTensor(string Name, int[] Shape, float[] Values, DType SourceType, string File);

/// <summary>Reads the weights of <c>--init-from PATH</c>: a <c>.safetensors</c> file, a sharded directory (<c>model.safetensors.index.json</c>), a directory of <c>.npy</c> files, or an InitLab run directory.</summary>
/// <remarks>
/// Every dtype is converted to float32 without silent truncation: f16 and bf16 widen exactly, f64 rounds to nearest, and an
/// f64 value beyond ±3.4028235e38 (which would become ±∞) is an error naming the tensor and the index. NaN or ±∞ in a
/// tensor is an error naming the tensor and the index (<see cref="FiniteValues"/>). A run directory gives the parameters and
/// buffers of its latest checkpoint (not its optimizer state).
/// </remarks>
public static class WeightFile
{
    /// <summary>The index file of a sharded Hugging Face checkpoint.</summary>
    public const string ShardIndex = "model.safetensors.index.json";

    /// <summary>The single-file name a directory may hold (Hugging Face, <c>initlab pretrain</c>).</summary>
    public const string SingleFile = "model.safetensors";

    /// <summary>Reads every tensor of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The path is missing, is not a weights file or directory, or a file is corrupt; the message names the file and the problem.</exception>
    public static IReadOnlyList<LoadedTensor> Read(string path) => Read(path, new List<IO.SkippedTensor>());

    /// <summary>Reads every floating-point tensor of <paramref name="path"/>; the integer and boolean tensors of its safetensors files (BatchNorm's <c>num_batches_tracked</c>, I64) go to <paramref name="skipped"/>.</summary>
    /// <exception cref="InvalidDataException">The path is missing, is not a weights file or directory, or a file is corrupt; the message names the file and the problem.</exception>
    public static IReadOnlyList<LoadedTensor> Read(string path, ICollection<IO.SkippedTensor> skipped)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(skipped);
        if (File.Exists(path))
            return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? [FromNpy(path)] : FromSafeTensors(path, checkpoint: true, skipped);
        if (!Directory.Exists(path))
            throw new InvalidDataException($"--init-from '{path}': no such file or directory.");
        string index = Path.Combine(path, ShardIndex);
        if (File.Exists(index))
            return FromShards(path, index, skipped);
        if (File.Exists(Path.Combine(path, SingleFile)))
            return FromSafeTensors(Path.Combine(path, SingleFile), checkpoint: false, skipped);
        if (File.Exists(Path.Combine(path, RunDirectory.ConfigFile)))
        {
            var (run, _) = RunDirectory.Open(path);
            int epoch = run.LatestEpoch();
            if (epoch == 0)
                throw new InvalidDataException($"--init-from '{path}': the run directory has no checkpoint (epoch-NNN.safetensors) yet.");
            return FromSafeTensors(Path.Combine(path, RunDirectory.CheckpointFile(epoch)), checkpoint: true, skipped);
        }
        var npys = Directory.GetFiles(path, "*.npy").Order(StringComparer.Ordinal).ToList();
        if (npys.Count > 0)
            return [.. npys.Select(FromNpy)];
        throw new InvalidDataException($"--init-from '{path}': the directory holds no weights ({ShardIndex}, {SingleFile}, an InitLab run's {RunDirectory.ConfigFile} or .npy files).");
    }

    /// <summary>The tensors of one .safetensors file; an InitLab checkpoint gives only its parameters and buffers.</summary>
    static List<LoadedTensor> FromSafeTensors(string file, bool checkpoint, ICollection<IO.SkippedTensor> skipped)
    {
        var (metadata, tensors) = SafeTensors.Read(file, skipped);
        bool isCheckpoint = checkpoint && metadata.TryGetValue("format", out var format) && format == Checkpoint.Format;
        return [.. tensors.Where(t => !isCheckpoint || !Checkpoint.IsTrainingState(t.Name)).Select(t => Convert(t.Name, t.DType, t.Shape, t.Data, file))];
    }

    static List<LoadedTensor> FromShards(string directory, string index, ICollection<IO.SkippedTensor> skipped)
    {
        JsonObject map;
        try
        {
            map = (JsonNode.Parse(File.ReadAllText(index))?["weight_map"] as JsonObject)
                  ?? throw new InvalidDataException($"'{index}' has no \"weight_map\" object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{index}' is not valid JSON ({e.Message}).");
        }
        var result = new List<LoadedTensor>();
        foreach (var shard in map.Select(p => p.Value?.GetValue<string>() ?? throw new InvalidDataException($"'{index}': weight_map entry '{p.Key}' is not a file name.")).Distinct())
        {
            string file = Path.Combine(directory, shard);
            if (!File.Exists(file))
                throw new InvalidDataException($"'{index}' names shard '{shard}', which does not exist.");
            int before = skipped.Count;
            var tensors = FromSafeTensors(file, checkpoint: false, skipped);
            foreach (string name in tensors.Select(t => t.Name).Concat(skipped.Skip(before).Select(k => k.Name)))
                if (map[name]?.GetValue<string>() != shard)
                    throw new InvalidDataException($"'{file}' holds tensor '{name}', which '{index}' does not map to that shard.");
            result.AddRange(tensors);
        }
        var found = result.Select(t => t.Name).Concat(skipped.Select(k => k.Name)).ToHashSet();
        if (map.Select(p => p.Key).FirstOrDefault(k => !found.Contains(k)) is { } missing)
            throw new InvalidDataException($"'{index}' maps tensor '{missing}' to '{map[missing]}', which does not hold it.");
        return result;
    }

    static LoadedTensor FromNpy(string file)
    {
        var (descr, shape, data) = Npy.Read(file);
        var dtype = descr switch
        {
            "<f4" => DType.Float32,
            "<f8" => DType.Float64,
            "<f2" => DType.Float16,
            "<u2" => DType.BFloat16,
            _ => throw new InvalidDataException($"'{file}': descr '{descr}' is not a weight type; --init-from reads '<f4', '<f8', '<f2' and bfloat16 bits as '<u2'."),
        };
        return Convert(Path.GetFileNameWithoutExtension(file), dtype, shape, data, file);
    }

    /// <summary>Converts raw little-endian data of <paramref name="dtype"/> to float32, refusing f64 values that overflow and any NaN or ±∞.</summary>
    /// <exception cref="InvalidDataException">A value overflows float32 or is not finite; the message names the tensor and index.</exception>
    public static LoadedTensor Convert(string name, DType dtype, int[] shape, byte[] data, string file)
    {
        float[] values;
        switch (dtype)
        {
            case DType.Float32:
                values = MemoryMarshal.Cast<byte, float>(data).ToArray();
                break;
            case DType.Float64:
                var wide = MemoryMarshal.Cast<byte, double>(data);
                values = new float[wide.Length];
                for (int i = 0; i < wide.Length; i++)
                {
                    values[i] = (float)wide[i];
                    if (double.IsFinite(wide[i]) && !float.IsFinite(values[i]))
                        throw new InvalidDataException($"'{file}': tensor '{name}' has the float64 value {wide[i]:R} at flat index {i}, beyond float32's range ±3.4028235e38.");
                }
                break;
            case DType.Float16:
                var half = MemoryMarshal.Cast<byte, Half>(data);
                values = new float[half.Length];
                for (int i = 0; i < half.Length; i++)
                    values[i] = (float)half[i];
                break;
            default:
                var bits = MemoryMarshal.Cast<byte, ushort>(data);
                values = new float[bits.Length];
                for (int i = 0; i < bits.Length; i++)
                    values[i] = BFloat16.FromBits(bits[i]).ToSingle();
                break;
        }
        FiniteValues.Require(values, name, shape, file);
        return new LoadedTensor(name, shape, values, dtype, file);
    }
}
