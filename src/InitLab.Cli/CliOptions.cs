using System.CommandLine;
using System.Globalization;

namespace InitLab.Cli;

/// <summary>Option factories and value parsers shared by the verbs.</summary>
internal static class CliOptions
{
    public static Option<T> Create<T>(string name, string description, Func<T>? fallback = null)
    {
        var option = new Option<T>(name) { Description = description };
        if (fallback is not null)
            option.DefaultValueFactory = _ => fallback();
        return option;
    }

    public static Option<bool> Json() => new("--json") { Description = "Print one machine-readable JSON object." };

    public static Option<int> Threads() => Create("--threads", "Worker threads (0 = every logical processor).", () => 0);

    public static Option<string?> Layout() =>
        new("--layout") { Description = "Weight layout: out-in (PyTorch), in-out (Keras, JAX), out-in-transposed, in-out-transposed; default from --flavor." };

    public static Option<int> Groups() => Create("--groups", "Convolution groups.", () => 1);

    public static Option<ulong> Seed() => Create("--seed", "The run's seed.", () => 0UL);

    /// <summary><c>--precision</c> (<see cref="TrainingConfig.Precision"/>); read it with <see cref="ParsePrecision"/>.</summary>
    public static Option<string> Precision()
    {
        var option = Create("--precision",
            "The arithmetic of the linear and convolution products: fp32, or bf16 (operands rounded to bfloat16, float32 accumulation and master weights; docs/training.md).", () => "fp32");
        option.HelpName = "fp32|bf16";
        return option;
    }

    /// <summary>The value of <c>--precision</c>: fp32 or bf16.</summary>
    /// <exception cref="ArgumentException">Any other value.</exception>
    public static Numerics.Precision ParsePrecision(string text) => text switch
    {
        "fp32" => Numerics.Precision.Fp32,
        "bf16" => Numerics.Precision.Bf16,
        _ => throw new ArgumentException($"--precision = '{text}' is not allowed; use fp32 or bf16."),
    };

    /// <summary>The value of a count option (--batch, --repeats, a size): it must be ≥ 1.</summary>
    /// <exception cref="ArgumentException">The value is 0 or negative.</exception>
    public static int AtLeastOne(int value, string option) =>
        value >= 1 ? value : throw new ArgumentException($"{option} = {value} is not allowed; it must be ≥ 1.");

    /// <summary>The value of a time-budget option (--seconds): it must be &gt; 0.</summary>
    /// <exception cref="ArgumentException">The value is 0, negative or NaN.</exception>
    public static double PositiveSeconds(double value, string option = "--seconds") =>
        value > 0 ? value : throw new ArgumentException($"{option} = {value} is not allowed; it must be > 0.");

    /// <summary>The value of <see cref="Threads()"/>: ≥ 0, where 0 means every logical processor.</summary>
    /// <exception cref="ArgumentException">The value is negative.</exception>
    public static int CheckThreads(int threads) => threads >= 0
        ? threads
        : throw new ArgumentException($"--threads = {threads} is not allowed; it must be ≥ 0 (0 = every logical processor).");

    /// <summary>Parses <c>d0,d1,...</c>; every dimension must be a positive integer.</summary>
    /// <exception cref="ArgumentException">The text is not a list of positive integers.</exception>
    public static int[] ParseShape(string text, string option = "--shape")
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        long count = 1;
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out shape[i]) || shape[i] <= 0)
                throw new ArgumentException($"{option} = '{text}': dimension {i} ('{parts[i]}') must be a positive integer.");
            count *= shape[i];
            if (count > Array.MaxLength)
                throw new ArgumentException($"{option} = '{text}' holds {count} or more elements; at most {Array.MaxLength} are allowed.");
        }
        return shape;
    }

    public static string Format(double value) => value.ToString("G9", CultureInfo.InvariantCulture);
}
