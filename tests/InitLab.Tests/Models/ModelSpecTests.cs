using InitLab.Models.Spec;

namespace InitLab.Tests.Models;

public class ModelSpecTests
{
    [Fact]
    public void Mlp_ParsesWidths_LastIsTheClassCount()
    {
        var spec = Assert.IsType<MlpSpec>(ModelSpec.Parse("mlp:784-256-128-100-10"));
        Assert.Equal(ModelFamily.Mlp, spec.Family);
        Assert.Equal(784, spec.Inputs);
        Assert.Equal(new[] { 256, 128, 100 }, spec.Hidden.Select(h => Assert.IsType<DenseLayer>(h).Width));
        Assert.Equal(10, spec.Classes);
    }

    [Fact]
    public void Mlp_WithoutHiddenLayers_IsLogisticRegression()
    {
        var spec = Assert.IsType<MlpSpec>(ModelSpec.Parse("mlp:784-10"));
        Assert.Empty(spec.Hidden);
        Assert.Equal((784, 10), (spec.Inputs, spec.Classes));
    }

    [Fact]
    public void ResMlp_ParsesResidualStages()
    {
        var spec = Assert.IsType<MlpSpec>(ModelSpec.Parse("resmlp:784-256x20-10"));
        Assert.Equal(ModelFamily.ResMlp, spec.Family);
        var stage = Assert.IsType<ResidualDenseStage>(Assert.Single(spec.Hidden));
        Assert.Equal((256, 20), (stage.Width, stage.Blocks));
        Assert.Equal((784, 10), (spec.Inputs, spec.Classes));

        var mixed = Assert.IsType<MlpSpec>(ModelSpec.Parse("resmlp:784-512-256x4-128x2-64-10"));
        Assert.Equal(["512", "256x4", "128x2", "64"], mixed.Hidden.Select(h => h.ToString()));
    }

    [Fact]
    public void Cnn_ParsesConvolutionsPoolsAndDenseLayers()
    {
        var spec = Assert.IsType<ConvNetSpec>(ModelSpec.Parse("cnn:c32-p-c64k5-p-f128-10"));
        Assert.Equal(ModelFamily.Cnn, spec.Family);
        Assert.Collection(spec.Features,
            f => Assert.Equal((32, 3), (Assert.IsType<ConvLayer>(f).Channels, ((ConvLayer)f).Kernel)),
            f => Assert.IsType<MaxPoolLayer>(f),
            f => Assert.Equal((64, 5), (Assert.IsType<ConvLayer>(f).Channels, ((ConvLayer)f).Kernel)),
            f => Assert.IsType<MaxPoolLayer>(f));
        Assert.Equal(128, Assert.Single(spec.Dense).Width);
        Assert.Equal(10, spec.Classes);
    }

    [Fact]
    public void ResCnn_ParsesStagesAndGlobalPooling()
    {
        var spec = Assert.IsType<ConvNetSpec>(ModelSpec.Parse("rescnn:c32-r32x3-p-r64x3-g-f64-10"));
        Assert.Equal(ModelFamily.ResCnn, spec.Family);
        Assert.Equal(["c32", "r32x3", "p", "r64x3", "g"], spec.Features.Select(f => f.ToString()));
        var stage = Assert.IsType<ResidualConvStage>(spec.Features[3]);
        Assert.Equal((64, 3), (stage.Channels, stage.Blocks));
        Assert.Equal(64, Assert.Single(spec.Dense).Width);
    }

    [Theory]
    [InlineData("mlp:784-256-128-100-10")]
    [InlineData("mlp:784-10")]
    [InlineData("resmlp:784-256x20-10")]
    [InlineData("resmlp:784-256x50-10")]
    [InlineData("cnn:c32-p-c64-p-f128-10")]
    [InlineData("cnn:c6k5-p-c16k5-p-f120-f84-10")]
    [InlineData("rescnn:c32-r32x3-p-r64x3-p-10")]
    [InlineData("rescnn:c16-r16x2-g-10")]
    public void ToString_IsCanonical_AndParsesBackToAnEqualSpec(string text)
    {
        var spec = ModelSpec.Parse(text);
        Assert.Equal(text, spec.ToString());
        var again = ModelSpec.Parse(spec.ToString());
        Assert.Equal(spec, again);
        Assert.Equal(spec.GetHashCode(), again.GetHashCode());
    }

    [Fact]
    public void DefaultKernel_IsOmittedFromTheCanonicalText()
    {
        Assert.Equal("cnn:c32-10", ModelSpec.Parse("cnn:c32k3-10").ToString());
        Assert.Equal(ModelSpec.Parse("cnn:c32-10"), ModelSpec.Parse("cnn:c32k3-10"));
        Assert.NotEqual(ModelSpec.Parse("cnn:c32-10"), ModelSpec.Parse("cnn:c32k5-10"));
        Assert.NotEqual(ModelSpec.Parse("mlp:784-10"), ModelSpec.Parse("mlp:784-11"));
    }

    [Fact]
    public void ParsedLists_CannotBeModified()
    {
        var mlp = (MlpSpec)ModelSpec.Parse("mlp:784-256-10");
        var cnn = (ConvNetSpec)ModelSpec.Parse("cnn:c32-f64-10");
        Assert.Throws<NotSupportedException>(() => ((IList<HiddenLayer>)mlp.Hidden).Clear());
        Assert.Throws<NotSupportedException>(() => ((IList<FeatureLayer>)cnn.Features).Clear());
        Assert.Throws<NotSupportedException>(() => ((IList<DenseLayer>)cnn.Dense).Clear());
        Assert.Equal("mlp:784-256-10", mlp.ToString());
    }

    /// <summary>Each malformed spec, the 1-based error position, what was expected there and what was found.</summary>
    public static TheoryData<string, int, string, string> Errors() => new()
    {
        { "cnn:c32-q-10", 9, "'c', 'p', 'f' or a class count", "'q'" },
        { "", 1, "'mlp:', 'resmlp:', 'cnn:' or 'rescnn:'", "end of spec" },
        { "transformer:12", 1, "'mlp:', 'resmlp:', 'cnn:' or 'rescnn:'", "'transformer'" },
        { "MLP:784-10", 1, "'mlp:', 'resmlp:', 'cnn:' or 'rescnn:'", "'M'" },
        { "mlp", 4, "':'", "end of spec" },
        { "mlp 784-10", 4, "':'", "' '" },
        { "mlp:", 5, "an input width (1 … 1000000)", "end of spec" },
        { "mlp:784", 8, "'-' (a spec ends with the class count)", "end of spec" },
        { "mlp:784-", 9, "a width or a class count (1 … 1000000)", "end of spec" },
        { "mlp:784--10", 9, "a width or a class count (1 … 1000000)", "'-'" },
        { "mlp:784-256-", 13, "a width or a class count (1 … 1000000)", "end of spec" },
        { "mlp:784-256x2-10", 12, "'-' or end of spec", "'x'" },
        { "mlp:784x2-10", 8, "'-'", "'x'" },
        { "mlp:784-0-10", 9, "a width or a class count (1 … 1000000)", "'0'" },
        { "mlp:784-0256-10", 9, "a width or a class count (1 … 1000000)", "'0256'" },
        { "mlp:784-2000000-10", 9, "a width or a class count (1 … 1000000)", "'2000000'" },
        { "mlp:784-99999999999-10", 9, "a width or a class count (1 … 1000000)", "'99999999999'" },
        { "mlp:784-1", 9, "a class count (2 … 1000000)", "'1'" },
        { "mlp:784-10 ", 11, "'-' or end of spec", "' '" },
        { "resmlp:784-256x-10", 16, "a block count (1 … 1000000)", "'-'" },
        { "resmlp:784-256x20", 18, "'-' (a spec ends with the class count)", "end of spec" },
        { "resmlp:784-256x20y-10", 18, "'-'", "'y'" },
        { "resmlp:784-256a-10", 15, "'x', '-' or end of spec", "'a'" },
        { "resmlp:784-256-10", 16, "a residual stage 'WIDTHxBLOCKS' before the class count", "'10'" },
        { "cnn:", 5, "'c' (a CNN starts with a convolution)", "end of spec" },
        { "cnn:p-c32-10", 5, "'c' (a CNN starts with a convolution)", "'p'" },
        { "cnn:c-10", 6, "a channel count (1 … 1000000)", "'-'" },
        { "cnn:c32", 8, "'-' (a spec ends with the class count)", "end of spec" },
        { "cnn:c32p-10", 8, "'k' or '-'", "'p'" },
        { "cnn:c32k4-10", 9, "an odd kernel size (same padding needs (K − 1)/2 on each side)", "'4'" },
        { "cnn:c32k-10", 9, "an odd kernel size (1 … 1000000)", "'-'" },
        { "cnn:c32k5x-10", 10, "'-'", "'x'" },
        { "cnn:c32-pp-10", 10, "'-'", "'p'" },
        { "cnn:c32-p", 10, "'-' (a spec ends with the class count)", "end of spec" },
        { "cnn:c32-f128-c64-10", 14, "'f' or a class count", "'c'" },
        { "cnn:c32-f128-p-10", 14, "'f' or a class count", "'p'" },
        { "cnn:c32-f-10", 10, "a width (1 … 1000000)", "'-'" },
        { "cnn:c32-r32x2-10", 9, "'c', 'p', 'f' or a class count", "'r'" },
        { "cnn:c32-g-10", 9, "'c', 'p', 'f' or a class count", "'g'" },
        { "cnn:c32-1", 9, "a class count (2 … 1000000)", "'1'" },
        { "cnn:c32-10-p", 11, "end of spec after the class count", "'-'" },
        { "rescnn:c32-q-10", 12, "'c', 'r', 'p', 'g', 'f' or a class count", "'q'" },
        { "rescnn:c32-r32-10", 15, "'x' and a block count", "'-'" },
        { "rescnn:c32-r32", 15, "'x' and a block count", "end of spec" },
        { "rescnn:c32-r32x0-10", 16, "a block count (1 … 1000000)", "'0'" },
        { "rescnn:c32-g-r32x2-10", 14, "'f' or a class count", "'r'" },
        { "rescnn:c32-p-10", 14, "a residual stage 'rNxB' before the class count", "'10'" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_SyntaxError_ReportsPositionExpectedAndFound(string text, int position, string expected, string found)
    {
        var e = Assert.Throws<ModelSpecSyntaxException>(() => ModelSpec.Parse(text));
        Assert.Equal((position, expected, found), (e.Position, e.Expected, e.Found));
        Assert.Equal($"model spec '{text}': position {position}: expected {expected}, found {found}", e.Message);
        Assert.Equal(text, e.Spec);
    }

    [Fact]
    public void Parse_IssueExample_GivesTheDocumentedMessage()
    {
        var e = Assert.Throws<ModelSpecSyntaxException>(() => ModelSpec.Parse("cnn:c32-q-10"));
        Assert.Equal("model spec 'cnn:c32-q-10': position 9: expected 'c', 'p', 'f' or a class count, found 'q'", e.Message);
    }
}
