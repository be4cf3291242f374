namespace InitLab.Lab;

/// <summary>Splits a comparison-grid option such as <c>--init he-normal,normal:mean=0,std=0.01,orthogonal</c> into its values.</summary>
/// <remarks>
/// Values are separated by commas. A scheme's own arguments are separated by commas too, so a piece that holds '=' and
/// no ':' continues the arguments of the value before it (<c>normal:mean=0</c> + <c>std=0.01</c>): scheme names never
/// hold '='. Repeating the option appends (<c>--init a --init b</c> is <c>--init a,b</c>).
/// </remarks>
public static class GridList
{
    /// <summary>The values of <paramref name="texts"/>, in order.</summary>
    /// <param name="texts">The option's occurrences.</param>
    /// <param name="option">The option, for errors, e.g. <c>--init</c>.</param>
    /// <param name="schemes">Whether a value may carry <c>:KEY=VALUE,...</c> arguments that continue across commas.</param>
    /// <exception cref="ArgumentException">A value is empty, or the list is.</exception>
    public static IReadOnlyList<string> Split(IEnumerable<string> texts, string option, bool schemes = false)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var values = new List<string>();
        foreach (string text in texts)
        {
            bool continues = false;
            foreach (string raw in text.Split(','))
            {
                string piece = raw.Trim();
                if (piece.Length == 0)
                    throw new ArgumentException($"{option} = '{text}' has an empty value; separate the values with single commas.");
                if (schemes && continues && piece.Contains('=') && !piece.Contains(':'))
                {
                    values[^1] += "," + piece;
                    continue;
                }
                values.Add(piece);
                continues = piece.Contains(':');
            }
        }
        if (values.Count == 0)
            throw new ArgumentException($"{option} is empty: the grid needs at least one value.");
        var repeated = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ArgumentException($"{option} lists '{repeated.Key}' twice; every value of a grid axis must differ.");
        return values;
    }
}
