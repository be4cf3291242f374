using System.Text.Json.Nodes;
using InitLab.Tests.Support;

namespace InitLab.Tests.Cli;

public class ProbeCommandTests
{
    static readonly string[] Chain = ["probe", "--width", "32", "--depth", "3", "--act", "tanh", "--batch", "64", "--seed", "7"];

    static JsonObject Json(params string[] args)
    {
        var result = CliRunner.Run([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.Err);
        return JsonNode.Parse(result.Out)!.AsObject();
    }

    [Fact]
    public void Json_HasTheStableSchema()
    {
        var layers = Json([.. Chain, "--init", "glorot-uniform"])["layers"]!.AsArray();
        Assert.Equal(3, layers.Count);
        string[] required = ["index", "name", "fan_in", "fan_out", "pre", "post", "predicted_pre_std", "saturated", "dead", "grad_std"];
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i]!.AsObject();
            Assert.Equal(required, layer.Select(p => p.Key).Take(required.Length));
            Assert.Equal(i + 1, (int)layer["index"]!);
            Assert.Equal($"layers.{2 * i}", (string)layer["name"]!);
            Assert.Equal(32, (long)layer["fan_in"]!);
            Assert.Equal(32, (long)layer["fan_out"]!);
            foreach (string part in new[] { "pre", "post" })
                Assert.Equal(["mean", "std"], layer[part]!.AsObject().Select(p => p.Key).Take(2));
            Assert.True((double)layer["predicted_pre_std"]! > 0);
            Assert.InRange((double)layer["saturated"]!, 0, 1);
            Assert.Null(layer["dead"]);
            Assert.True((double)layer["grad_std"]! > 0);
        }
    }

    [Fact]
    public void SchemeOptions_MeanTheSameAsSchemeTextParameters()
    {
        var asOptions = Json([.. Chain, "--init", "normal", "--std", "0.05"]);
        var asText = Json([.. Chain, "--init", "normal:std=0.05"]);
        Assert.Equal(asText.ToJsonString(), asOptions.ToJsonString());
        // std 0.05·√32 ≈ 0.28 per layer: the signal shrinks.
        var layers = asText["layers"]!.AsArray();
        Assert.True((double)layers[2]!["pre"]!["std"]! < 0.1 * (double)layers[0]!["pre"]!["std"]!);
    }

    [Fact]
    public void ModelSpec_OnEmbeddedImages_ProbesWithTheCrossEntropy()
    {
        var probe = Json("probe", "--model", "mlp:784-64-10", "--act", "relu", "--init", "he-normal", "--input", "embedded", "--batch", "100");
        Assert.Equal("cross-entropy", (string)probe["loss"]!);
        var layers = probe["layers"]!.AsArray();
        Assert.Equal(2, layers.Count);
        Assert.Equal(784, (long)layers[0]!["fan_in"]!);
        Assert.InRange((double)layers[0]!["dead"]!, 0, 1);
        Assert.Equal(10, (int)probe["jacobian"]!["rows"]!);
    }

    [Fact]
    public void Table_PrintsPredictedBesideMeasured()
    {
        var result = CliRunner.Run([.. Chain, "--init", "glorot-uniform"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("predicted", result.Out);
        Assert.Contains("layers.4", result.Out);
        Assert.Contains("Jacobian 32×32", result.Out);
    }

    [Theory]
    [InlineData(new[] { "probe", "--width", "8", "--depth", "2" }, "probe needs --init")]
    [InlineData(new[] { "probe", "--width", "8", "--depth", "2", "--model", "mlp:8-4-2", "--init", "he-normal" }, "not both")]
    [InlineData(new[] { "probe", "--width", "8", "--init", "he-normal" }, "--width and --depth go together")]
    [InlineData(new[] { "probe", "--width", "8", "--depth", "2", "--init", "he-normal", "--input", "noise" }, "--input = 'noise'")]
    [InlineData(new[] { "probe", "--width", "8", "--depth", "2", "--init", "normal:std=0.1", "--std", "0.2" }, "not both")]
    [InlineData(new[] { "probe", "--width", "8", "--depth", "2", "--init", "glorot-uniform", "--std", "0.2" }, "std does not apply to glorot-uniform")]
    [InlineData(new[] { "probe", "--width", "8", "--depth", "2", "--init", "glorot-unifrom" }, "did you mean")]
    [InlineData(new[] { "probe", "--width", "8", "--depth", "2", "--init", "he-normal", "--report", "out.txt" }, "must end in .html")]
    [InlineData(new[] { "probe", "--width", "8", "--depth", "2", "--init", "he-normal", "--batch", "0" }, "--batch = 0")]
    [InlineData(new[] { "probe", "--experiment", "modern" }, "--experiment = 'modern'")]
    [InlineData(new[] { "probe", "--experiment", "classic", "--init", "he-normal" }, "--init cannot be combined with --experiment")]
    public void Errors_ExitTwoWithOneLine(string[] args, string fragment) =>
        CliRunner.AssertUsageError(CliRunner.Run(args), fragment);
}
