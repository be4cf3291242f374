using InitLab.Autograd;
using InitLab.Data;
using InitLab.Nn;
using InitLab.Optim;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class OptimizerSpecTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    static Parameter[] Params() => [new Parameter("layers.0.weight", ParameterRole.Weight, [2, 3])];

    [Theory]
    [InlineData("sgd", "sgd")]
    [InlineData("SGD:Momentum=0.9,nesterov=TRUE", "sgd:momentum=0.9,nesterov=true")]
    [InlineData("rmsprop:centered=1,alpha=0.9", "rmsprop:alpha=0.9,centered=true")]
    [InlineData("adagrad:lr_decay=0.01,initial-accumulator-value=0.1", "adagrad:lr-decay=0.01,initial-accumulator-value=0.1")]
    [InlineData("nadam:momentum-decay=0.004,beta2=0.99", "nadam:beta2=0.99,momentum-decay=0.004")]
    [InlineData("adam:lookahead=5,lookahead-alpha=0.8,gc=true", "adam:lookahead=5,lookahead-alpha=0.8,gc=true")]
    [InlineData("ranger", "ranger")]
    public void Parse_GivesTheCanonicalText_WhichParsesToTheSameSpec(string text, string canonical)
    {
        var spec = OptimizerSpec.Parse(text);
        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, OptimizerSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void Config_KeepsTheSpecInItsJson_AndReadsOldConfigsThatNameTheOptimizerOnly()
    {
        var config = new TrainingConfig { Data = "embedded", Model = "mlp:784-10", Optimizer = OptimizerSpec.Parse("rmsprop:centered=true") };
        Assert.Contains("\"optimizer\": \"rmsprop:centered=true\"", config.ToJson());
        Assert.Equal(config, TrainingConfig.FromJson(config.ToJson(), "config.json") with { InitOverrides = config.InitOverrides });
        var old = TrainingConfig.FromJson("""{"data": "embedded", "model": "mlp:784-10", "optimizer": "adamw"}""", "config.json");
        Assert.Equal(new OptimizerSpec(OptimizerKind.AdamW), old.Optimizer);
        var bad = Assert.Throws<InvalidDataException>(() => TrainingConfig.FromJson("""{"data": "embedded", "model": "mlp:784-10", "optimizer": "lbfgs"}""", "config.json"));
        Assert.Contains("'lbfgs' is not allowed", bad.Message);
    }

    [Theory]
    [InlineData("lbfgs", "--opt = 'lbfgs' is not allowed; the optimizer is one of sgd, adam")]
    [InlineData("adam:alpha=0.9", "adam takes no 'alpha'; its keys are beta1, beta2, eps")]
    [InlineData("sgd:momentum=0.9,momentum=0.8", "momentum is given twice")]
    [InlineData("rmsprop:alpha", "'alpha' is not KEY=VALUE")]
    [InlineData("rmsprop:alpha=x", "alpha = 'x' is not a finite number")]
    [InlineData("rmsprop:alpha=1", "alpha = 1 is not allowed; it must be in [0, 1)")]
    [InlineData("adam:beta2=-0.1", "beta2 = -0.1 is not allowed; it must be in [0, 1)")]
    [InlineData("adam:eps=0", "eps = 0 is not allowed; it must be > 0")]
    [InlineData("sgd:dampening=2", "dampening = 2 is not allowed; it must be in [0, 1]")]
    [InlineData("sgd:nesterov=true", "nesterov needs momentum > 0 and dampening 0")]
    [InlineData("sgd:nesterov=maybe", "nesterov = 'maybe' is not true or false")]
    [InlineData("adam:lookahead=0", "lookahead = 0 is not allowed; it must be a whole number of steps ≥ 1")]
    [InlineData("adam:lookahead=2.5", "lookahead = '2.5' is not a whole number of steps")]
    [InlineData("adam:lookahead-alpha=0.5", "lookahead-alpha needs lookahead=k")]
    [InlineData("ranger:lookahead-alpha=1.5", "lookahead-alpha = 1.5 is not allowed; it must be in (0, 1]")]
    [InlineData("adamw:decoupled=false", "adamw is adam with decoupled weight decay; for L2 decay use adam")]
    [InlineData("lamb:decoupled=true", "lamb takes no 'decoupled'")]
    [InlineData("adagrad:lr-decay=-1", "lr-decay = -1 is not allowed; it must be ≥ 0")]
    public void BadSpec_IsRejected_NamingTheOptionTheValueAndWhatIsAllowed(string text, string fragment)
    {
        var e = Assert.Throws<ArgumentException>(() => OptimizerSpec.Parse(text));
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void MomentumFlag_BelongsToSgd_AndIsGivenOnce()
    {
        var config = new TrainingConfig { Data = "embedded", Model = "mlp:784-10", Momentum = 0.9 };
        Assert.Contains("applies to --opt sgd only", Assert.Throws<ArgumentException>(() => (config with { Optimizer = OptimizerKind.RmsProp }).Validate()).Message);
        Assert.Contains("both set the momentum", Assert.Throws<ArgumentException>(() => (config with { Optimizer = OptimizerSpec.Parse("sgd:momentum=0.5") }).Validate()).Message);
    }

    [Fact]
    public void Create_BuildsTheNamedOptimizer_WithItsKeys_AndWrapsItInLookahead()
    {
        var rms = Assert.IsType<RmsProp>(OptimizerSpec.Parse("rmsprop:alpha=0.9,centered=true,momentum=0.5,eps=0.001").Create(Params(), 0.01, 0, 0.1));
        Assert.Equal((0.9, true, 0.5, 1e-3, 0.1), (rms.Alpha, rms.Centered, rms.Momentum, rms.Epsilon, rms.WeightDecay));
        var ranger = Assert.IsType<Lookahead>(OptimizerSpec.Parse("ranger").Create(Params(), 0.01, 0, 0));
        Assert.Equal((6, 0.5), (ranger.K, ranger.Alpha));
        Assert.IsType<RAdam>(ranger.Inner);
        var wrapped = Assert.IsType<Lookahead>(OptimizerSpec.Parse("sgd:lookahead=3,lookahead-alpha=0.25,gc=true").Create(Params(), 0.01, 0.9, 0));
        Assert.Equal((3, 0.25, true), (wrapped.K, wrapped.Alpha, wrapped.GradientCentralization));
        Assert.Equal(0.9, Assert.IsType<Sgd>(wrapped.Inner).Momentum);
        Assert.True(Assert.IsType<Adam>(OptimizerSpec.Parse("adam:decoupled=true").Create(Params(), 0.01, 0, 0.1)).Decoupled);
        Assert.IsType<Adagrad>(OptimizerSpec.Parse("adagrad").Create(Params(), 0.01, 0, 0));
        Assert.IsType<NAdam>(OptimizerSpec.Parse("nadam").Create(Params(), 0.01, 0, 0));
        Assert.IsType<Lamb>(OptimizerSpec.Parse("lamb").Create(Params(), 0.01, 0, 0));
    }

    [Theory]
    [InlineData("sgd:decoupled=true")]
    [InlineData("rmsprop:decoupled=true")]
    public void DecoupledDecay_ShrinksTheWeightsBeforeTheUpdate_InsteadOfAddingAnL2Gradient(string text)
    {
        // SGDW (Loshchilov & Hutter 2019): w ← w·(1 − η·λ) − η·u(g), with u the optimizer's own step of the undecayed gradient.
        double lr = 0.1, decay = 0.5;
        float[] w0 = [1f, -2f, 0.5f, 3f, -1f, 0.25f], g = [0.5f, -1f, 0.25f, 2f, -0.5f, 1f];
        float[] Step(string spec, double weightDecay)
        {
            var p = Params()[0];
            w0.CopyTo(p.Value.Span);
            var optimizer = OptimizerSpec.Parse(spec).Create([p], lr, 0, weightDecay);
            var tape = new Tape(1);
            InitLab.Tests.Optim.OptimizerSteps.SetGradient(tape, p, g);
            optimizer.Step(tape);
            return p.Value.ToArray();
        }
        var plain = Step(text.Split(':')[0], 0);   // the same optimizer without decay, from w0
        var decoupled = Step(text, decay);
        for (int i = 0; i < w0.Length; i++)
        {
            float shrunk = (float)(w0[i] * (float)(1 - lr * decay));
            Assert.Equal(plain[i] - w0[i] + shrunk, decoupled[i], 6);
        }
        Assert.NotEqual(Step(text.Split(':')[0], decay), decoupled);   // L2 decay takes another path
    }

    [Theory]
    [InlineData("rmsprop:momentum=0.9,centered=true")]
    [InlineData("ranger")]
    [InlineData("adagrad:gc=true")]
    [InlineData("nadam:lookahead=4")]
    public void TrainingWithTheOptimizer_IsBitIdentical_ForOneAndTwoThreads_AndAfterResume(string text)
    {
        var config = new TrainingConfig
        {
            Data = DataSource.Embedded, Model = "mlp:784-16-10", Epochs = 2, Batch = 250, LearningRate = 1e-3, Seed = 3,
            Optimizer = OptimizerSpec.Parse(text), WeightDecay = 1e-4,
        };
        Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(config, config with { Optimizer = OptimizerKind.Adam }, Embedded.Value);
    }
}
