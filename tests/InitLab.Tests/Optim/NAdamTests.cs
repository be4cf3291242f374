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
}
