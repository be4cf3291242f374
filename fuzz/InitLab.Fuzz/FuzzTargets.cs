using System.Text;
using InitLab.Data;
using InitLab.IO;
using InitLab.Models.Spec;
using InitLab.Training;

namespace InitLab.Fuzz;

/// <summary>
/// The fuzz targets: each feeds arbitrary bytes to one reader or parser and lets through only the exception that the
/// parser documents for bad input. Any other exception (an IndexOutOfRange, a NullReference, an OverflowException, …)
/// escapes and is a crash: the fuzzer records the input, and the corpus test replays it.
/// </summary>
/// <remarks>Shared by <c>initlab-fuzz</c> (AFL++ through SharpFuzz) and the test project (corpus replay and a deterministic mutation smoke run).</remarks>
public static class FuzzTargets
{
    /// <summary>The target names; each has a seed corpus in <c>fuzz/corpus/NAME</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["npy", "safetensors", "idx", "modelspec", "scheme"];

    /// <summary>Runs target <paramref name="name"/> on <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public static void Run(string name, byte[] input)
    {
        switch (name)
        {
            case "npy":
                Expect<InvalidDataException>(() => Npy.Read(input, "fuzz.npy"));
                break;
            case "safetensors":
                Expect<InvalidDataException>(() => SafeTensors.Read(input, "fuzz.safetensors"));
                break;
            case "idx":
                Expect<InvalidDataException>(() =>
                {
                    using var stream = new MemoryStream(input, writable: false);
                    IdxFile.Read(stream, "fuzz.idx");
                });
                break;
            case "modelspec":
                Expect<ModelSpecSyntaxException>(() =>
                {
                    var spec = ModelSpec.Parse(Text(input));
                    // What parses must print back to a spec that parses to the same text.
                    string printed = spec.ToString();
                    if (ModelSpec.Parse(printed).ToString() != printed)
                        throw new InvalidOperationException($"model spec '{printed}' does not round-trip.");
                });
                break;
            case "scheme":
                Expect<ArgumentException>(() =>
                {
                    var text = SchemeText.Parse(Text(input), "--init");
                    text.Create(Activations.Activation.Parse("relu"), "weight");
                });
                break;
            default:
                throw new ArgumentException($"fuzz target '{name}' is not known; use {string.Join(", ", Names)}.");
        }
    }

    /// <summary>Runs <paramref name="action"/>; <typeparamref name="TExpected"/> (bad input, documented) is swallowed, anything else escapes.</summary>
    static void Expect<TExpected>(Action action) where TExpected : Exception
    {
        try
        {
            action();
        }
        catch (TExpected)
        {
        }
    }

    static string Text(byte[] input) => Encoding.UTF8.GetString(input);
}
