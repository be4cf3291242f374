namespace InitLab.Training;

/// <summary>The command-line grammar <c>NAME[:KEY=VALUE[,KEY=VALUE…]]</c> shared by weight schemes (<see cref="SchemeText"/>) and learning-rate schedules (<see cref="Optim.Schedules.ScheduleText"/>).</summary>
public static class SpecText
{
    /// <summary>Splits <paramref name="text"/> into its name and its pairs, keys normalized ('_' as '-', lower case); errors quote <paramref name="option"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="option">The option it came from, e.g. <c>--init</c>.</param>
    /// <param name="what">What the name names, for the message: <c>scheme</c>, <c>schedule</c>.</param>
    /// <exception cref="ArgumentException">The name is missing, a pair is not KEY=VALUE, or a key is given twice.</exception>
    public static (string Name, IReadOnlyList<(string Key, string Value)> Pairs) Split(string text, string option, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] head = text.Trim().Split(':', 2);
        string name = head[0].Trim();
        if (name.Length == 0)
            throw new ArgumentException($"{option} = '{text}': the {what} name is missing (expected NAME[:KEY=VALUE,...]).");
        var pairs = new List<(string, string)>();
        if (head.Length == 2)
            foreach (string pair in head[1].Split(','))
            {
                string[] kv = pair.Split('=', 2);
                if (kv.Length != 2 || kv[0].Trim().Length == 0)
                    throw new ArgumentException($"{option} = '{text}': '{pair}' is not KEY=VALUE.");
                string key = kv[0].Trim().ToLowerInvariant().Replace('_', '-');
                if (pairs.Exists(p => p.Item1 == key))
                    throw new ArgumentException($"{option} = '{text}': {key} is given twice.");
                pairs.Add((key, kv[1].Trim()));
            }
        return (name, pairs);
    }
}
