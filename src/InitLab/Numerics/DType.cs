namespace InitLab.Numerics;

/// <summary>Element types InitLab can produce.</summary>
public enum DType
{
    /// <summary>IEEE-754 binary32.</summary>
    Float32,

    /// <summary>IEEE-754 binary64.</summary>
    Float64,

    /// <summary>IEEE-754 binary16 (<see cref="Half"/>).</summary>
    Float16,

    /// <summary>bfloat16 (<see cref="Numerics.BFloat16"/>).</summary>
    BFloat16,
}

/// <summary>Names and sizes of <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>The names accepted at the edges (CLI, JSON): float32, float64, float16, bfloat16.</summary>
    public static IReadOnlyList<string> Names { get; } = ["float32", "float64", "float16", "bfloat16"];

    /// <summary>Parses a dtype name (case-insensitive; also accepts f32, f64, f16, bf16, half, double, float).</summary>
    /// <exception cref="ArgumentException">The name is not a known dtype.</exception>
    public static DType Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "float32" or "f32" or "float" => DType.Float32,
        "float64" or "f64" or "double" => DType.Float64,
        "float16" or "f16" or "half" => DType.Float16,
        "bfloat16" or "bf16" => DType.BFloat16,
        _ => throw new ArgumentException($"dtype = '{name}' is not known; use one of: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The canonical name.</summary>
    public static string Name(this DType dtype) => Names[(int)dtype];

    /// <summary>Bytes per element.</summary>
    public static int Size(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        _ => 2,
    };
}
