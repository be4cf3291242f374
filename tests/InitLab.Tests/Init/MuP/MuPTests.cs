using InitLab.Init.MuP;
using InitLab.Init.Network;
using InitLab.Models.Spec;
using InitLab.Tests.Init.Network;
using InitLab.Training;

namespace InitLab.Tests.Init.MuP;

public class MuPTests
{
    static ModelInitOptions Mup(int baseWidth, bool zeroReadout = false) => new() { Parametrization = Parametrization.Mup, BaseWidth = baseWidth, ZeroReadout = zeroReadout };

    static Dictionary<string, double> Multipliers(Trainer t) => t.Model.Parameters.ToDictionary(p => p.Name, p => p.LearningRateMultiplier);

    [Theory]
    [InlineData("mlp:784-256-128-10", 512, "mlp:784-512-256-10")]
    [InlineData("resmlp:784-256x20-10", 64, "resmlp:784-64x20-10")]
    [InlineData("rescnn:c16-r16x3-p-r32x3-g-f64-10", 32, "rescnn:c32-r32x3-p-r64x3-g-f128-10")]
    public void SpecWidth_ScalesEveryWidth_AndKeepsTheRest(string spec, int width, string expected)
    {
        Assert.Equal(expected, SpecWidth.At(ModelSpec.Parse(spec), width).ToString());
        Assert.Equal(width, SpecWidth.Of(SpecWidth.At(ModelSpec.Parse(spec), width)));
    }

    [Fact]
    public void AtTheBaseWidth_MupEqualsSp()
    {
        var sp = InitTestModels.Build("mlp:784-64-64-10", "he-normal");
        var mup = InitTestModels.Build("mlp:784-64-64-10", "he-normal", options: Mup(64), optimizer: OptimizerKind.Adam);
        Assert.Equal(sp.Model.Parameters.SelectMany(p => p.Value.ToArray()), mup.Model.Parameters.SelectMany(p => p.Value.ToArray()));
        Assert.All(mup.Model.Parameters, p => Assert.Equal(1, p.LearningRateMultiplier));
    }

    [Fact]
    public void FourTimesTheBase_Adam_InputOneHiddenAndReadoutAQuarter_ReadoutInitHalved()
    {
        var sp = InitTestModels.Build("mlp:784-128-128-10", "he-normal");
        var mup = InitTestModels.Build("mlp:784-128-128-10", "he-normal", options: Mup(32), optimizer: OptimizerKind.Adam);
        var lr = Multipliers(mup);
        Assert.Equal(1, lr["layers.0.weight"]);
        Assert.Equal(0.25, lr["layers.2.weight"]);
        Assert.Equal(0.25, lr["layers.4.weight"]);
        Assert.All(new[] { "layers.0.bias", "layers.2.bias", "layers.4.bias" }, n => Assert.Equal(1, lr[n]));
        float[] Readout(Trainer t) => t.Model.Parameters.Single(p => p.Name == "layers.4.weight").Value.ToArray();
        Assert.Equal(Readout(sp).Select(w => w * 0.5f), Readout(mup));
        Assert.Equal(sp.Model.Parameters[2].Value.ToArray(), mup.Model.Parameters[2].Value.ToArray());   // hidden keeps 1/fan_in
    }

    [Fact]
    public void FourTimesTheBase_Sgd_InputFourHiddenOneReadoutAQuarter_HiddenBiasesFour()
    {
        var lr = Multipliers(InitTestModels.Build("mlp:784-128-128-10", "he-normal", options: Mup(32), optimizer: OptimizerKind.Sgd));
        Assert.Equal(4, lr["layers.0.weight"]);
        Assert.Equal(1, lr["layers.2.weight"]);
        Assert.Equal(0.25, lr["layers.4.weight"]);
        Assert.Equal(4, lr["layers.0.bias"]);
        Assert.Equal(4, lr["layers.2.bias"]);
        Assert.Equal(1, lr["layers.4.bias"]);
    }

    [Fact]
    public void ZeroReadout_ZeroesTheClassifier()
    {
        var mup = InitTestModels.Build("mlp:784-64-10", "he-normal", options: Mup(32, zeroReadout: true));
        Assert.All(mup.Model.Parameters.Where(p => p.Name.StartsWith("layers.2.", StringComparison.Ordinal)).SelectMany(p => p.Value.ToArray()), w => Assert.Equal(0f, w));
    }

    [Fact]
    public void CoordinateCheck_Adam_MupIsFlatInWidth_WhileSpOutputGrows()
    {
        var spec = ModelSpec.Parse("mlp:784-64-64-10");
        IReadOnlyList<CoordinateRow> Run(Parametrization p) => CoordinateCheck.Run(new CoordinateCheckSettings(spec, [64, 512], new TrainingConfig
        {
            Data = "embedded", Model = spec.ToString(), Optimizer = OptimizerKind.Adam, LearningRate = 1e-3,
            InitOptions = new ModelInitOptions { Parametrization = p, ZeroReadout = p == Parametrization.Mup },
        }, Steps: 3, Batch: 32, Seeds: 2), InitTestModels.Embedded.Value, threads: 2);
        double Ratio(IReadOnlyList<CoordinateRow> rows, string layer, int step) =>
            rows.Single(r => r.Width == 512 && r.Layer == layer && r.Step == step).L1 / rows.Single(r => r.Width == 64 && r.Layer == layer && r.Step == step).L1;
        var mup = Run(Parametrization.Mup);
        Assert.Equal(2 * 5 * 3, mup.Count);
        Assert.All(mup.Where(r => r.Layer == "layers.4" && r.Step == 1), r => Assert.Equal(0, r.L1));
        foreach (var layer in new[] { "layers.0", "layers.2", "layers.4" })
            foreach (int step in new[] { 2, 3 })
                Assert.InRange(Ratio(mup, layer, step), 1 / 1.3, 1.3);
        Assert.True(Ratio(Run(Parametrization.Sp), "layers.4", 3) > 2, "under SP the output should grow with width");   // 2.7 measured
    }
}
