namespace InitLab.Init;

/// <summary>A registry entry: a scheme's name, aliases, formula, parameters and reference, and how to build it.</summary>
/// <param name="Name">The canonical name, also the JSON discriminator.</param>
/// <param name="Aliases">Other accepted names.</param>
/// <param name="Type">The record type.</param>
/// <param name="Formula">The formula in plain Unicode.</param>
/// <param name="Parameters">The edge names of the parameters it takes (see <see cref="SchemeArguments"/>).</param>
/// <param name="Reference">The paper or framework function it follows.</param>
/// <param name="Build">Builds the record from the given arguments, filling the rest from the flavor's defaults.</param>
public sealed record SchemeInfo(
    string Name,
    IReadOnlyList<string> Aliases,
    Type Type,
    string Formula,
    IReadOnlyList<string> Parameters,
    string Reference,
    Func<SchemeArguments, Flavor, InitScheme> Build);
