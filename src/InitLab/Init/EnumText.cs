using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InitLab.Init;

/// <summary>The names of the library's enums at the edges (CLI, JSON, configs): kebab-case, e.g. <c>fan-geo-avg</c>.</summary>
/// <remarks>A <see cref="JsonStringEnumMemberNameAttribute"/> overrides the name (<c>pytorch</c>). Parsing ignores case and treats '-' and '_' alike, so <c>fan_in</c>, <c>fan-in</c> and <c>FanIn</c> are one name.</remarks>
public static class EnumText
{
    /// <summary>The edge name of <paramref name="value"/>.</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        typeof(TEnum).GetField(value.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Every edge name of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Names<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(Name).ToArray();

    /// <summary>Parses an edge name.</summary>
    /// <param name="text">The name.</param>
    /// <param name="argument">The argument being parsed, for the error message (e.g. <c>mode</c>).</param>
    /// <exception cref="ArgumentException">The name is not a value of <typeparamref name="TEnum"/>.</exception>
    public static TEnum Parse<TEnum>(string text, string argument) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        string key = Key(text);
        foreach (var value in Enum.GetValues<TEnum>())
            if (Key(Name(value)) == key)
                return value;
        throw new ArgumentException($"{argument} = '{text}' is not known; use one of: {string.Join(", ", Names<TEnum>())}.", argument);
    }

    static string Key(string text) => text.Trim().Replace("-", "").Replace("_", "").ToLowerInvariant();
}
