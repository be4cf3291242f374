namespace InitLab.Models.Spec;

/// <summary>A model spec that does not follow the grammar of docs/models.md.</summary>
/// <remarks>Message: <c>model spec 'cnn:c32-q-10': position 9: expected 'c', 'p', 'f' or a class count, found 'q'</c>.</remarks>
public sealed class ModelSpecSyntaxException : FormatException
{
    internal ModelSpecSyntaxException(string spec, int position, string expected, string found)
        : base($"model spec '{spec}': position {position}: expected {expected}, found {found}")
    {
        Spec = spec;
        Position = position;
        Expected = expected;
        Found = found;
    }

    /// <summary>The whole spec text.</summary>
    public string Spec { get; }

    /// <summary>The 1-based character position of the error.</summary>
    public int Position { get; }

    /// <summary>What the grammar allows at <see cref="Position"/>.</summary>
    public string Expected { get; }

    /// <summary>What the text has there: a quoted character or number, or <c>end of spec</c>.</summary>
    public string Found { get; }
}
