using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary><see cref="NAdam"/> step by step against torch.optim 1.13 (float64), 8 steps of <see cref="OptimizerSteps.Reference"/>.</summary>
/// <remarks>Numbers from <c>/usr/bin/python3 bench/peers/optim_reference.py</c>.</remarks>
public class NAdamTests
{
    [Fact]
    public void Default_MatchesPyTorch()
    {
        // torch.optim.NAdam lr=0.1
        OptimizerSteps.AssertMatches(
            [
                [0.895046883844, -1.89504688279],
                [0.936288975246, -1.98552239679],
                [0.836671443883, -2.0135571352],
                [0.761874080931, -1.99236502185],
                [0.831937979406, -2.06803680291],
                [0.806866654974, -2.0892066645],
                [0.683766788224, -2.04426650802],
                [0.703452553544, -2.0894858078],
            ],
            p => new NAdam([p], 0.1));
    }

    [Fact]
    public void BetasWeightDecayMomentumDecay_MatchesPyTorch()
    {
        // torch.optim.NAdam lr=0.1 betas=(0.8,0.9) weight_decay=0.1 momentum_decay=0.1 eps=0.01
        OptimizerSteps.AssertMatches(
            [
                [0.893154602727, -1.89227158292],
                [0.913164491721, -1.97936550315],
                [0.806504022322, -2.00110902415],
                [0.721640786752, -1.96379921149],
                [0.783193992865, -2.03983740739],
                [0.7481973478, -2.05148567243],
                [0.62045801703, -1.98331895995],
                [0.63127333587, -2.01814817934],
            ],
            p => new NAdam([p], 0.1, beta1: 0.8, beta2: 0.9, epsilon: 0.01, weightDecay: 0.1, momentumDecay: 0.1));
    }

    [Fact]
    public void ParametersWithDifferentLearningRates_EachMatchTheirOwnRun()
    {
        // The per-step scalars are computed once per step and learning rate: a second parameter at half the rate must not reuse the first's.
        var alone = new[] { 1.0, 0.5 }.Select(multiplier => OptimizerSteps.Run(p => new NAdam([p], 0.1), OptimizerSteps.Reference, multiplier)).ToArray();
        var a = new Parameter("a", ParameterRole.Weight, [2]);
        var b = new Parameter("b", ParameterRole.Weight, [2]) { LearningRateMultiplier = 0.5 };
        foreach (var p in new[] { a, b })
            (p.Value.Span[0], p.Value.Span[1]) = (1f, -2f);
        var optimizer = new NAdam([a, b], 0.1);
        var tape = new Tape(1);
        for (int s = 0; s < OptimizerSteps.Reference.Length; s++)
        {
            tape.Reset();
            var target = InitLab.Tensors.Tensor.ZerosLike(a.Value);
            tape.Backward(Ops.Add(tape, "loss", Ops.MeanSquaredError(tape, "la", a, target), Ops.MeanSquaredError(tape, "lb", b, target)));
            OptimizerSteps.Reference[s].CopyTo(a.Grad!.Span);
            OptimizerSteps.Reference[s].CopyTo(b.Grad!.Span);
            optimizer.Step(tape);
            Assert.Equal(alone[0][s], new double[] { a.Value.Span[0], a.Value.Span[1] });
            Assert.Equal(alone[1][s], new double[] { b.Value.Span[0], b.Value.Span[1] });
        }
    }
}
