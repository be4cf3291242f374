namespace InitLab.Models.Spec;

/// <summary>A parsed model spec such as <c>mlp:784-256-128-100-10</c> or <c>cnn:c32-p-c64-p-f128-10</c>.</summary>
/// <remarks>
/// docs/models.md gives the grammar (EBNF) and the layers each item expands to. Specs are immutable;
/// <see cref="ToString"/> returns the canonical text, which parses back to an equal spec, and two specs
/// are equal exactly when their canonical texts are.
/// </remarks>
public abstract record ModelSpec
{
    private protected ModelSpec(ModelFamily family, int classes)
    {
        Family = family;
        Classes = classes;
    }

    /// <summary>The network family: the word before the colon.</summary>
    public ModelFamily Family { get; }

    /// <summary>The class count: the last number, the output width of the final linear layer.</summary>
    public int Classes { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ModelSpecSyntaxException">The text does not follow the grammar; the message gives the 1-based position and what was expected there.</exception>
    public static ModelSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ModelSpecParser(text).Parse();
    }

    /// <summary>The spec's prefix, e.g. <c>resmlp</c>.</summary>
    public static string Prefix(ModelFamily family) => family switch
    {
        ModelFamily.Mlp => "mlp",
        ModelFamily.ResMlp => "resmlp",
        ModelFamily.Cnn => "cnn",
        ModelFamily.ResCnn => "rescnn",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, $"family = {family} is not allowed; use Mlp, ResMlp, Cnn or ResCnn."),
    };

    /// <summary>The canonical spec text.</summary>
    public abstract override string ToString();

    /// <summary>Equal when the canonical texts are equal.</summary>
    public virtual bool Equals(ModelSpec? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
