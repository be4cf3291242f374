using InitLab.Activations;
using InitLab.Data;
using InitLab.Init.Learned;
using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Random;
using InitLab.Training;

namespace InitLab.Tests.Init.Learned;

/// <summary>GradInit's and MetaInit's algorithms on small networks: the constraint branch, the scales' lower bound, the direction MetaInit moves vanishing weights, and their options in configs.</summary>
public class LearnedInitTests
{
    static Model Deep(double std, ulong seed)
    {
        var model = ModelBuilder.Build(ModelSpec.Parse("mlp:784-32-32-32-32-10"), new ModelOptions(Activation.Parse("relu", "--act")), 1, 28, 28);
        InitPlan.Parse(new TrainingConfig { Data = "embedded", Model = "mlp:784-32-32-32-32-10", Init = $"normal:std={std}" }).Apply(model.Parameters, seed);
        return model;
    }

    static Dataset Train => DataSource.Load(DataSource.Embedded).Train;

    [Fact]
    public void GradInit_WhileTheGradientNormExceedsGamma_DescendsTheNorm()
    {
        var model = Deep(0.2, 1);
        var report = new GradInit("normal:std=0.2", iterations: 8, lr: 0.05, gamma: 1e-6, batch: 32).Run(model, new BatchReader(Train, model.InputShape, 1, 16), threads: 1);
        Assert.All(report.Trace!, i => Assert.True(i.Constrained));
        Assert.True(report.Trace![^1].Objective < 0.5 * report.Trace[0].Objective, $"‖g‖ {report.Trace[0].Objective} → {report.Trace[^1].Objective}");
        // Descending ‖g‖ shrinks the weights, never below the lower bound.
        Assert.All(report.Steps.Where(s => s.Target.EndsWith("weight")), s => Assert.InRange(s.Factor!.Value, 0.01, 1));
    }

    [Fact]
    public void GradInit_ScaledValues_AreAlphaTimesTheBase_AndTheModelHoldsThem()
    {
        var model = Deep(0.05, 2);
        var theta0 = new LossSurface(model, 1).Values();
        var report = new GradInit("normal:std=0.05", iterations: 3, batch: 16).Run(model, new BatchReader(Train, model.InputShape, 2, 8), threads: 1);
        for (int k = 0; k < model.Parameters.Count; k++)
        {
            double alpha = report.Steps[k].Factor!.Value;
            var values = model.Parameters[k].Value.Span;
            for (int i = 0; i < values.Length; i += 97)
                Assert.Equal((float)(alpha * theta0[k][i]), values[i]);
        }
    }

    [Fact]
    public void MetaInit_FirstIteration_MovesEachWeightNormByMinusLrTimesTheSignOfItsGqDerivative()
    {
        var metaInit = new MetaInit("normal:std=0.05", iterations: 1, lr: 0.1, batch: 16);
        var probe = Deep(0.05, 3);
        var surface = new LossSurface(probe, 1);
        var theta = surface.Values();
        bool[] tuned = [.. probe.Parameters.Select(p => p.Value.Rank >= 2)];
        var (x, y) = MetaInit.RandomBatch(probe.InputShape, 10, 16, new RandomStream(3, MetaInit.Stream).Substream("1"));
        var d = metaInit.NormGradients(surface, theta, tuned, x, y);
        var report = metaInit.Run(Deep(0.05, 3), 16, seed: 3, threads: 1);
        for (int k = 0; k < theta.Length; k++)
        {
            double norm = Math.Sqrt(theta[k].Sum(v => v * v));
            double expected = tuned[k] ? Math.Max(norm - 0.1 * Math.Sign(d[k]), 0.01 * norm) / norm : 1;
            Assert.True(!tuned[k] || d[k] != 0, $"{report.Steps[k].Target}: ∂GQ = 0");
            Assert.Equal(expected, report.Steps[k].Factor!.Value, 1e-6);
            Assert.Equal(tuned[k] ? "norm tuned" : "kept", report.Steps[k].Action);
        }
    }

    [Fact]
    public void MetaInit_IsAPureFunctionOfTheSeed()
    {
        double[] Run(ulong seed) => [.. new MetaInit("he-normal", iterations: 2, batch: 8).Run(Deep(0.01, 4), 8, seed, threads: 1).Steps.Select(s => s.Factor!.Value)];
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Fact]
    public void TrainingConfig_RoundTripsTheLearnedInitOptions_AndOldConfigsReadDefaults()
    {
        var config = new TrainingConfig
        {
            Data = "embedded",
            Model = "mlp:784-64-10",
            Init = "gradinit",
            InitOptions = new ModelInitOptions { InitBase = "normal:std=0.01", GradinitIters = 7, GradinitLr = 0.2, GradinitEta = 0.3, GradinitGamma = 4, GradinitAlg = GradInitStep.Adam,
                GradinitMinScale = 0.1, MetainitIters = 3, MetainitLr = 0.05, MetainitMomentum = 0.5, MetainitEps = 1e-4 },
        };
        string json = config.ToJson();
        Assert.Contains("\"gradinit_alg\": \"adam\"", json);
        Assert.Equal(config.InitOptions, TrainingConfig.FromJson(json, "test").InitOptions);
        var old = TrainingConfig.FromJson("{\"data\":\"embedded\",\"model\":\"mlp:784-64-10\",\"init\":\"lsuv\",\"init_options\":{\"lsuv_tol\":0.05}}", "test").InitOptions;
        Assert.Equal(new ModelInitOptions { LsuvTol = 0.05 }, old);
        Assert.Equal("he-normal", config.PerTensor(new ModelInit("metainit", new ModelInitOptions())).Init);
        Assert.Equal("normal:std=0.01", config.PerTensor(new ModelInit("gradinit", config.InitOptions)).Init);
    }

    [Theory]
    [InlineData("gradinit")]
    [InlineData("metainit")]
    public void ModelInit_RejectsMup_AndAModelLevelBase(string init)
    {
        Assert.Contains("--parametrization mup", Assert.Throws<ArgumentException>(() => new ModelInit(init, new ModelInitOptions { Parametrization = Parametrization.Mup })).Message);
        Assert.Contains("--init-base = 'fixup'", Assert.Throws<ArgumentException>(() => new ModelInit(init, new ModelInitOptions { InitBase = "fixup" })).Message);
    }
}
