using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace InitLab.Init;

/// <summary>JSON for schemes: <c>{"scheme": "glorot-normal", "gain": 1, "truncated": false}</c>, the discriminator being the registry name.</summary>
/// <remarks>
/// Properties are snake_case and enums kebab-case (<c>"mode": "fan-in"</c>). Reading accepts aliases and any case for
/// the scheme name, rejects unknown properties, and validates through the record's constructor.
/// </remarks>
public static class SchemeJson
{
    /// <summary>The discriminator property.</summary>
    public const string Discriminator = "scheme";

    /// <summary>The serializer options (polymorphism from <see cref="SchemeRegistry"/>).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a scheme.</summary>
    public static string Write(InitScheme scheme) => JsonSerializer.Serialize(scheme, Options);

    /// <summary>Serializes a scheme to a JSON object.</summary>
    public static JsonObject ToNode(InitScheme scheme) => JsonSerializer.SerializeToNode(scheme, Options)!.AsObject();

    /// <summary>Reads a scheme.</summary>
    /// <exception cref="ArgumentException">The scheme name is unknown or a value is invalid.</exception>
    /// <exception cref="JsonException">The text is not a JSON object or has an unknown property.</exception>
    public static InitScheme Read(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("a scheme must be a JSON object.");
        string name = node[Discriminator]?.GetValue<string>() ?? throw new JsonException($"a scheme needs a \"{Discriminator}\" property.");
        var canonical = new JsonObject { [Discriminator] = SchemeRegistry.Find(name).Name };
        foreach (var (key, value) in node)
            if (key != Discriminator)
                canonical[key] = value?.DeepClone();
        return canonical.Deserialize<InitScheme>(Options)!;
    }

    static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddSchemes } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    static void AddSchemes(JsonTypeInfo info)
    {
        if (info.Type != typeof(InitScheme)) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = Discriminator,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var entry in SchemeRegistry.All)
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(entry.Type, entry.Name));
    }
}
