using System.Text.Json;
using InitLab.Init;
using InitLab.Random;

namespace InitLab.Tests.Init;

public class SchemeRegistryTests
{
    /// <summary>Arguments and a suitable shape for every registered scheme.</summary>
    public static (SchemeArguments Arguments, int[] Shape) Example(string name) => name switch
    {
        "constant" => (new SchemeArguments { Value = 0.5 }, [6, 7]),
        "sparse" => (new SchemeArguments { Sparsity = 0.3 }, [20, 30]),
        "dirac" or "delta-orthogonal" => (new SchemeArguments(), [8, 4, 3, 3]),
        _ => (new SchemeArguments(), [24, 40]),
    };

    public static TheoryData<string> Names() => new(SchemeRegistry.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryScheme_RoundTripsThroughJson_WithItsNameAsDiscriminator(string name)
    {
        foreach (var flavor in Enum.GetValues<Flavor>())
        {
            var scheme = SchemeRegistry.Create(name, Example(name).Arguments, flavor);
            string json = SchemeJson.Write(scheme);
            Assert.StartsWith($"{{\"scheme\":\"{name}\"", json);
            var back = SchemeJson.Read(json);
            Assert.Equal(scheme, back);
            Assert.Equal(name, back.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryScheme_IsReproducibleBySeedAndName_AndThreadCount(string name)
    {
        var (arguments, shape) = Example(name);
        var scheme = SchemeRegistry.Create(name, arguments);
        float[] Draw(ulong seed, string parameter, int threads) =>
            SchemeSampling.Draw(scheme, shape, new InitContext(new RandomStream(seed, parameter), threads: threads));
        var first = Draw(7, "layer.weight", 1);
        Assert.Equal(first, Draw(7, "layer.weight", 2));
        Assert.Equal(shape.Aggregate(1, (a, d) => a * d), first.Length);
        bool random = name is not ("zeros" or "ones" or "constant" or "identity" or "dirac");
        Assert.Equal(random, !first.SequenceEqual(Draw(8, "layer.weight", 0)));
        Assert.Equal(random, !first.SequenceEqual(Draw(7, "layer.bias", 0)));
    }

    [Fact]
    public void Aliases_ResolveToTheSameEntry_IgnoringCaseAndUnderscores()
    {
        Assert.Same(SchemeRegistry.Find("glorot-uniform"), SchemeRegistry.Find("Xavier_Uniform"));
        Assert.Same(SchemeRegistry.Find("he-normal"), SchemeRegistry.Find("MSRA"));
        Assert.Same(SchemeRegistry.Find("he-normal"), SchemeRegistry.Find("kaiming_normal"));
        Assert.Same(SchemeRegistry.Find("identity"), SchemeRegistry.Find("eye"));
        Assert.Equal(new GlorotUniform(2), SchemeRegistry.Create("xavier-uniform", new SchemeArguments { Gain = 2 }));
        Assert.Equal(new GlorotUniform(), SchemeJson.Read("{\"scheme\": \"XAVIER_UNIFORM\"}"));
    }

    [Theory]
    [InlineData("glorot", "glorot-normal, glorot-uniform")]
    [InlineData("kaiming", "kaiming-normal, kaiming-uniform")]
    [InlineData("orthogonl", "orthogonal")]
    public void UnknownNames_SuggestTheClosest(string name, string suggestion)
    {
        var e = Assert.Throws<ArgumentException>(() => SchemeRegistry.Find(name));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains($"did you mean {suggestion}", e.Message);
    }

    [Fact]
    public void GivenParameters_ThatDoNotApply_AreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => SchemeRegistry.Create("glorot-uniform", new SchemeArguments { Sparsity = 0.5 }));
        Assert.Equal("sparsity", e.ParamName);
        Assert.Contains("takes: gain", e.Message);
        Assert.Contains("needs value", Assert.Throws<ArgumentException>(() => SchemeRegistry.Create("constant")).Message);
    }

    [Fact]
    public void Flavors_SetTheFrameworksDefaults()
    {
        Assert.Equal(new GlorotNormal(1, truncated: false), SchemeRegistry.Create("glorot-normal"));
        Assert.Equal(new GlorotNormal(1, truncated: true), SchemeRegistry.Create("glorot-normal", flavor: Flavor.Keras));
        Assert.Equal(new LecunNormal(true), SchemeRegistry.Create("lecun-normal", flavor: Flavor.Jax));
        Assert.Equal(new Uniform(0, 1), SchemeRegistry.Create("uniform"));
        Assert.Equal(new Uniform(-0.05, 0.05), SchemeRegistry.Create("uniform", flavor: Flavor.Keras));
        Assert.Equal(new Uniform(0, 0.01), SchemeRegistry.Create("uniform", flavor: Flavor.Jax));
        Assert.Equal(new TruncatedNormal(0, 1, -2, 2), SchemeRegistry.Create("truncated-normal"));
        Assert.Equal(new TruncatedNormal(0, 0.05, -0.1, 0.1), SchemeRegistry.Create("truncated-normal", flavor: Flavor.Keras));
        Assert.Equal(new TruncatedNormal(1, 0.5, 0, 2), SchemeRegistry.Create("truncated-normal", new SchemeArguments { Mean = 1, Std = 0.5 }, Flavor.Jax));
        Assert.Equal(new Dirac(KernelCentre.Lower), SchemeRegistry.Create("dirac", flavor: Flavor.Jax));
        Assert.Equal(new HeUniform(Nonlinearity.LeakyRelu, 0.2), SchemeRegistry.Create("he-uniform", new SchemeArguments { NegativeSlope = 0.2 }));
        Assert.Equal(WeightLayout.InOut, InitContext.For(new RandomStream(0, "w"), Flavor.Keras).Fans.Layout);
    }

    [Fact]
    public void Json_UsesSnakeCaseAndKebabEnums_AndRejectsUnknownProperties()
    {
        Assert.Equal("{\"scheme\":\"he-normal\",\"nonlinearity\":\"leaky-relu\",\"negative_slope\":0.1,\"mode\":\"fan-out\",\"truncated\":false}",
            SchemeJson.Write(new HeNormal(Nonlinearity.LeakyRelu, 0.1, FanMode.FanOut)));
        Assert.Throws<JsonException>(() => SchemeJson.Read("{\"scheme\": \"glorot-uniform\", \"gian\": 2}"));
        var invalid = Assert.ThrowsAny<ArgumentException>(() => SchemeJson.Read("{\"scheme\": \"sparse\", \"sparsity\": 1.5}"));
        Assert.Contains("sparsity = 1.5", invalid.Message);
        Assert.Contains("did you mean", Assert.Throws<ArgumentException>(() => SchemeJson.Read("{\"scheme\": \"glorot\"}")).Message);
    }
}
