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
