using InitLab.Autograd;
using InitLab.Data;
using InitLab.Nn;
using InitLab.Tensors;
using InitLab.Training;
using static InitLab.Tests.Autograd.GradientCheck;

namespace InitLab.Tests.Autograd;

public class WeightPenaltyTests
{
    [Fact]
    public void PenaltyAndGradient_MatchTorchAutograd()
    {
        // /usr/bin/python3 bench/peers/regularization.py: R = 0.01·Σ|w| + 0.3/2·Σw² over w1 [2, 3] and w2 [4], float32 autograd.
        var w1 = new Variable(Tensor.FromArray([0.5f, -1.5f, 0f, 2f, -0.25f, 0.75f], 2, 3), true);
        var w2 = new Variable(Tensor.FromArray([-0.125f, 3f, -2f, 0.0625f], 4), true);
        var tape = new Tape(1);
        var r = Ops.WeightPenalty(tape, "penalty", [w1, w2], 0.01, 0.3);
        Assert.Equal(3.12355494f, r.Value.Span[0], 1e-6f);
        tape.Backward(r);
        float[] g1 = [0.160000011f, -0.460000008f, 0f, 0.610000014f, -0.0850000009f, 0.235000014f];
        float[] g2 = [-0.0474999994f, 0.910000026f, -0.610000014f, 0.0287500005f];
        for (int i = 0; i < g1.Length; i++)
            Assert.Equal(g1[i], w1.Grad!.Span[i], 1e-7f);
        for (int i = 0; i < g2.Length; i++)
            Assert.Equal(g2[i], w2.Grad!.Span[i], 1e-7f);
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferences_AwayFromZero()
    {
        double error = MaxError((t, v) => Ops.WeightPenalty(t, "penalty", v, 0.2, 0.7), [AwayFromZero("a", 0.1, 2, 3, 4), AwayFromZero("b", 0.1, 2, 5)], step: 1e-3);
        Assert.True(error < 1e-3, $"max error {error}");
    }

    [Fact]
    public void Gradient_AddsToTheDataLossGradient_OfAWeightUsedTwice()
    {
        var w = new Variable(Tensor.FromArray([0.5f, -1f, 2f, 0.25f], 2, 2), true);
        var x = new Variable(Tensor.FromArray([1f, 2f], 1, 2), false);
        var tape = new Tape(1);
        var data = Ops.Linear(tape, "fc", x, w, null);
        var sum = Ops.Reshape(tape, "scalar", Ops.Linear(tape, "sum", data, new Variable(Tensor.FromArray([1f, 1f], 1, 2), false), null));
        tape.Backward(Ops.Add(tape, "loss", sum, Ops.WeightPenalty(tape, "penalty", [w], 0, 0.5)));
        // d(Σ_o (W·x)_o)/dW = x in every row; plus 0.5·W.
        Assert.Equal([1f + 0.25f, 2f - 0.5f, 1f + 1f, 2f + 0.125f], w.Grad!.ToArray());
    }

    [Fact]
    public void L2Penalty_WithSgd_GivesTheUpdateOfWeightDecay()
    {
        float[] Step(double l2, double weightDecay)
        {
            var w = new Parameter("weight", ParameterRole.Weight, [2, 3]);
            Tensor.FromArray([0.5f, -1.5f, 0.25f, 2f, -0.75f, 1f], 2, 3).CopyTo(w.Value);
            var x = new Variable(Tensor.FromArray([1f, -2f, 0.5f, 3f, 0f, -1f], 2, 3), false);
            var tape = new Tape(1);
            var data = Ops.SoftmaxCrossEntropy(tape, "loss", Ops.Linear(tape, "fc", x, w, null), [1, 0]);
            var loss = l2 > 0 ? Ops.Add(tape, "total", data, Ops.WeightPenalty(tape, "penalty", [w], 0, l2)) : data;
            tape.Backward(loss);
            new InitLab.Optim.Sgd([w], 0.1, 0, weightDecay).Step(tape);
            return w.Value.ToArray();
        }
        var penalized = Step(l2: 0.3, weightDecay: 0);
        var decayed = Step(l2: 0, weightDecay: 0.3);
        for (int i = 0; i < penalized.Length; i++)
            Assert.Equal(decayed[i], penalized[i], 1e-6f);
        Assert.NotEqual(Step(0, 0), penalized);
    }

    [Fact]
    public void Regularization_PenalizesWeightsOnly_NotBiasesOrNormParameters()
    {
        var config = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-16-10", Norm = InitLab.Models.Normalization.Batch, L2 = 0.1 };
        var trainer = new Trainer(config, DataSource.Load(DataSource.Embedded), threads: 1);
        var penalized = Regularization.Of(config, trainer.Model).PenalizedWeights.Cast<Parameter>().Select(p => p.Name).ToList();
        Assert.Equal(trainer.Model.Parameters.Where(p => p.Role == ParameterRole.Weight).Select(p => p.Name), penalized);
        Assert.Equal(2, penalized.Count);
        Assert.True(trainer.Model.Parameters.Count > 2);
    }

    [Fact]
    public void TrainLoss_ExcludesThePenalty_ButTheUpdateFollowsIt()
    {
        var data = DataSource.Load(DataSource.Embedded);
        var config = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-16-10", Epochs = 1, Batch = 100, Steps = 1, Seed = 2 };
        var plain = new Trainer(config, data, threads: 1);
        var penalized = new Trainer(config with { L2 = 1.0, L1 = 0.01 }, data, threads: 1);
        plain.RunEpoch();
        penalized.RunEpoch();
        Assert.Equal(plain.StepLosses, penalized.StepLosses);
        Assert.NotEqual(Training.Reproducibility.Weights(plain), Training.Reproducibility.Weights(penalized));
    }

    [Fact]
    public void PenalizedTraining_IsBitIdentical_AcrossThreadsAndResume()
    {
        var config = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-32-10", Epochs = 2, Batch = 100, LearningRate = 0.1, Seed = 4 };
        Training.Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(config with { L1 = 1e-4, L2 = 1e-3 }, config, DataSource.Load(DataSource.Embedded));
    }
}
