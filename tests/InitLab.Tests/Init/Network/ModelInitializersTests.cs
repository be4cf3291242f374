using InitLab.Init.Network;
using InitLab.Training;

namespace InitLab.Tests.Init.Network;

public class ModelInitializersTests
{
    [Theory]
    [InlineData("lsuv", "orthogonal")]
    [InlineData("LSUV", "orthogonal")]
    [InlineData("fixup", "he-normal")]
    [InlineData("skipinit", "he-normal")]
    [InlineData("zero_init_residual", "he-normal")]
    [InlineData("gpt2-scaled", "normal:std=0.02")]
    [InlineData("zerO", "zero")]
    [InlineData("weight-norm", "normal:std=0.05")]
    [InlineData("he-normal:mode=fan-out", "he-normal:mode=fan-out")]
    public void PerTensorInit_IsTheInitializersBaseScheme_OrThePerTensorSchemeItself(string init, string expected)
    {
        var config = new TrainingConfig { Data = "embedded", Model = "mlp:784-10", Init = init };
        Assert.Equal(expected, config.PerTensor(new ModelInit(init, new ModelInitOptions())).Init);
    }

    [Fact]
    public void EveryEntry_ResolvesByNameAndAliases_ToItsType()
    {
        foreach (var entry in ModelInitializers.All)
            foreach (string name in entry.Aliases.Prepend(entry.Name))
            {
                var initializer = ModelInitializers.Create(name, new ModelInitOptions())!;
                Assert.IsType(entry.Type, initializer);
                Assert.Equal(entry.Name, initializer.Name);
            }
    }

    [Fact]
    public void ArgumentsOnAModelInitializer_AreRejected_WithTheOptionsToUseInstead()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelInitializers.Create("lsuv:tol=0.05", new ModelInitOptions()));
        Assert.Contains("--lsuv-tol", e.Message);
    }

    [Theory]
    [InlineData(0.0, 10, "--lsuv-tol")]
    [InlineData(0.1, 0, "--lsuv-max-iter")]
    public void Options_AreValidated_NamingTheOption(double tol, int maxIter, string option)
    {
        var e = Assert.Throws<ArgumentException>(() => new ModelInitOptions { LsuvTol = tol, LsuvMaxIter = maxIter }.Validate());
        Assert.Contains(option, e.Message);
    }

    [Fact]
    public void BaseWidth_WithoutMup_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new ModelInitOptions { BaseWidth = 64 }.Validate());

    [Fact]
    public void TrainingConfig_RoundTripsInitOptions_ThroughJson()
    {
        var config = new TrainingConfig
        {
            Data = "embedded",
            Model = "mlp:784-64-10",
            Init = "lsuv",
            InitOptions = new ModelInitOptions { LsuvTol = 0.05, LsuvWhere = LsuvPlacement.Post, LsuvCenter = true, Parametrization = Parametrization.Mup, BaseWidth = 32, ZeroReadout = true },
        };
        string json = config.ToJson();
        Assert.Contains("\"lsuv_where\": \"post\"", json);
        var back = TrainingConfig.FromJson(json, "test");
        Assert.Equal(config.InitOptions, back.InitOptions);
        Assert.Equal(new ModelInitOptions(), TrainingConfig.FromJson("{\"data\":\"embedded\",\"model\":\"mlp:784-64-10\"}", "test").InitOptions);
    }
}
