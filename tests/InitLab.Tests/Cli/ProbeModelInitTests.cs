using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

/// <summary><c>initlab probe --init NAME</c> with the model-level initializers, as <c>initlab train</c> takes them.</summary>
public class ProbeModelInitTests
{
    static JsonObject Json(params string[] args)
    {
        var result = CliRunner.Run([.. args, "--json", "--threads", "1"]);
        Assert.True(result.ExitCode == 0, result.Err);
        return JsonNode.Parse(result.Out)!.AsObject();
    }

    [Theory]
    [InlineData("tanh", "pre")]
    [InlineData("relu", "pre")]
    [InlineData("tanh", "post")]
    public void Lsuv_OnAChain_EveryProcessedLayersHeldOutVarianceIsWithinTheEvidenceBand(string act, string where)
    {
        var probe = Json("probe", "--width", "64", "--depth", "8", "--act", act, "--init", "lsuv", "--lsuv-where", where, "--batch", "200", "--seed", "3");
        var report = probe["model_init"]!.AsArray().Single()!;
        Assert.Equal("lsuv", (string)report["method"]!);
        Assert.Contains($"where {where}", (string)report["summary"]!);
        var steps = report["steps"]!.AsArray();
        Assert.Equal(8, steps.Count);
        foreach (var step in steps)
        {
            // N(0, 1) init and held-out batches of 256 from distinct streams; the band is issue 7's evidence criterion.
            Assert.InRange((double)step!["held_out_variance"]!, 0.8, 1.25);
            Assert.InRange((int)step["iterations"]!, 0, 10);
        }
        if (where == "pre")
            foreach (var layer in probe["layers"]!.AsArray())
            {
                // The probed batch is a third independent N(0, 1) batch: the pre-activations have unit variance there too.
                double std = (double)layer!["pre"]!["std"]!;
                Assert.InRange(std * std, 0.8, 1.25);
            }
    }

    [Fact]
    public void Lsuv_Options_ReachTheInitializer_AndTheTablePrintsItsReport()
    {
        var result = CliRunner.Run("probe", "--width", "32", "--depth", "3", "--act", "tanh", "--init", "lsuv", "--lsuv-tol", "0.05", "--lsuv-max-iter", "3",
            "--lsuv-center", "--init-batch", "64", "--batch", "100", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("lsuv: tol 0.05, max-iter 3, where pre, center on, batch 64", result.Out);
        Assert.Contains("held-out variance", result.Out);
        Assert.Contains("predicted", result.Out);
    }

    [Fact]
    public void Fixup_OnAResidualModel_GivesLogitsExactlyZero()
    {
        var probe = Json("probe", "--model", "resmlp:784-32x3-10", "--act", "relu", "--init", "fixup", "--batch", "50", "--seed", "2");
        Assert.Equal("fixup", (string)probe["model_init"]![0]!["method"]!);
        var logits = probe["layers"]!.AsArray()[^1]!["pre"]!;
        // Population std 0 and mean 0: every logit of every sample is exactly 0.
        Assert.Equal(0.0, (double)logits["mean"]!);
        Assert.Equal(0.0, (double)logits["std"]!);
        foreach (var q in logits["quantiles"]!.AsObject())
            Assert.Equal(0.0, (double)q.Value!);
        // The layers before the classifier are alive.
        Assert.True((double)probe["layers"]![0]!["pre"]!["std"]! > 0.1);
    }

    [Fact]
    public void WeightNorm_OnAChain_ProbesEveryWrappedLayer_WithUnitPreActivationStd()
    {
        var probe = Json("probe", "--width", "32", "--depth", "3", "--act", "tanh", "--init", "weight-norm", "--batch", "200", "--seed", "4");
        Assert.Equal("weight-norm", (string)probe["model_init"]![0]!["method"]!);
        var layers = probe["layers"]!.AsArray();
        Assert.Equal(["layers.0", "layers.2", "layers.4"], layers.Select(l => (string)l!["name"]!));
        foreach (var layer in layers)
        {
            // Every unit has std 1 on the init batch; the probed batch is another draw of the same distribution.
            Assert.InRange((double)layer!["pre"]!["std"]!, 0.9, 1.1);
            // w = g·v/‖v‖ is not v's scale: no variance-propagation prediction from v.
            Assert.Null(layer["predicted_pre_std"]);
        }
    }

    [Fact]
    public void PerTensorScheme_HasAnEmptyModelInitList()
    {
        var probe = Json("probe", "--width", "16", "--depth", "2", "--init", "he-normal", "--batch", "32");
        Assert.Empty(probe["model_init"]!.AsArray());
    }

    [Theory]
    [InlineData(new[] { "--lsuv-tol", "2" }, "--lsuv-tol = 2")]
    [InlineData(new[] { "--lsuv-max-iter", "0" }, "--lsuv-max-iter = 0")]
    [InlineData(new[] { "--lsuv-where", "sideways" }, "sideways")]
    [InlineData(new[] { "--init-batch", "1" }, "--init-batch = 1")]
    [InlineData(new[] { "--lsuv-tol", "0.1", "--std", "0.5" }, "takes no KEY=VALUE arguments")]
    [InlineData(new[] { "--parametrization", "mup" }, "--parametrization")]
    public void BadLsuvOptions_ExitTwoWithOneLine(string[] options, string fragment) =>
        CliRunner.AssertUsageError(CliRunner.Run(["probe", "--width", "8", "--depth", "2", "--init", "lsuv", .. options]), fragment);

    [Theory]
    [InlineData(new[] { "--width", "8", "--depth", "2", "--init", "lsuv:tol=0.2" }, "lsuv takes no KEY=VALUE arguments")]
    [InlineData(new[] { "--width", "8", "--depth", "2", "--init", "fixup" }, "fixup needs residual blocks")]
    [InlineData(new[] { "--experiment", "classic", "--lsuv-tol", "0.2" }, "--lsuv-tol cannot be combined with --experiment")]
    public void UnsuitedInitializerUses_ExitTwoWithOneLine(string[] options, string fragment) =>
        CliRunner.AssertUsageError(CliRunner.Run(["probe", .. options]), fragment);
}
