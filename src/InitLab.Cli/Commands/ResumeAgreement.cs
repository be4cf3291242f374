using System.CommandLine;
using System.Text.Json.Nodes;
using InitLab.Training;

namespace InitLab.Cli.Commands;

/// <summary>
/// <c>train --resume DIR</c> with a command line: the original command line is accepted unchanged, and only the options
/// given that disagree with the run's <c>config.json</c> are rejected, each named with both values.
/// </summary>
/// <remarks>
/// The command line is read into a config in which every option not given keeps the run's value; the two configs' JSON forms
/// are compared leaf by leaf. A leaf that differs is blamed on the option that sets it (<c>--</c> + its key with '-' for '_',
/// or the <paramref name="optionsOfKey"/> entry) if that option was given; a leaf no given option sets cannot differ
/// because of the command line and is ignored. <c>epochs</c> is not compared: with <c>--resume</c> it is the total to reach.
/// </remarks>
internal static class ResumeAgreement
{
    /// <summary>Throws naming every given option of <paramref name="commandLine"/> that disagrees with <paramref name="run"/>.</summary>
    /// <param name="run">The run's config.</param>
    /// <param name="commandLine">The config the command line describes, the run's values standing in for the options not given.</param>
    /// <param name="given">The options given on the command line.</param>
    /// <param name="optionsOfKey">The options that set a JSON key whose option is not <c>--key-name</c>, e.g. <c>learning_rate</c> → <c>--lr</c>.</param>
    /// <param name="directory">The run directory, for the message.</param>
    /// <exception cref="ArgumentException">A given option disagrees with the run's config.</exception>
    public static void Check(TrainingConfig run, TrainingConfig commandLine, IReadOnlyCollection<Option> given,
        IReadOnlyDictionary<string, string[]> optionsOfKey, string directory)
    {
        var disagreements = new List<string>();
        Compare(JsonNode.Parse(run.ToJson())!.AsObject(), JsonNode.Parse(commandLine.ToJson())!.AsObject());
        if (disagreements.Count > 0)
            throw new ArgumentException($"--resume '{directory}': {string.Join("; ", disagreements)}; the run's config.json fixes every training option " +
                                        "(drop the option, or start a new run with --out).");

        void Compare(JsonObject ours, JsonObject theirs)
        {
            foreach (var (key, value) in ours)
            {
                var other = theirs[key];
                if (key == "epochs" || JsonNode.DeepEquals(value, other))
                    continue;
                if (value is JsonObject inner && other is JsonObject otherInner)
                {
                    Compare(inner, otherInner);
                    continue;
                }
                string[] names = optionsOfKey.TryGetValue(key, out var mapped) ? mapped : ["--" + key.Replace('_', '-')];
                var blamed = given.Where(o => names.Contains(o.Name)).Select(o => o.Name).ToList();
                if (blamed.Count > 0)
                    disagreements.Add($"{string.Join(" / ", blamed)} gives {key} = {Text(other)}, the run has {Text(value)}");
            }
        }
    }

    static string Text(JsonNode? node) => node switch
    {
        null => "none",
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => node.ToJsonString(),
    };
}
