using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary><see cref="RAdam"/> step by step against torch.optim 1.13 (float64), 8 steps of <see cref="OptimizerSteps.Reference"/>.</summary>
/// <remarks>Numbers from <c>/usr/bin/python3 bench/peers/optim_reference.py</c>.</remarks>
public class RAdamTests
{
    [Fact]
    public void Default_IsMomentumSgdWhileRhoIsSmall_ThenRectified()
    {
        // Step 1: ρ₁ = 1 ≤ 5, so w₁ = w − 0.1·m̂ = w − 0.1·g; with β₂ = 0.999 the rectification starts at step 6.
        // torch.optim.RAdam lr=0.1
        OptimizerSteps.AssertMatches(
            [
                [0.95, -1.9],
                [0.939473684211, -1.95789473684],
                [0.895931248786, -2.01287628666],
                [0.843241513398, -2.03733107002],
                [0.827837738154, -2.0924432773],
                [0.827193792987, -2.09354531066],
                [0.825470565495, -2.09413449187],
                [0.824063244013, -2.09520171445],
            ],
            p => new RAdam([p], 0.1));
    }

    [Fact]
    public void BetasWeightDecay_MatchesPyTorch()
    {
        // torch.optim.RAdam lr=0.1 betas=(0.8,0.9) weight_decay=0.1 eps=0.01
        OptimizerSteps.AssertMatches(
            [
                [0.94, -1.88],
                [0.922, -1.92733333333],
                [0.866614754098, -1.96786065574],
                [0.801649256964, -1.97105534638],
                [0.78337254034, -2.01205785351],
                [0.775812383753, -2.01966265674],
                [0.755752594432, -2.01749274457],
                [0.739925578225, -2.02051587181],
            ],
            p => new RAdam([p], 0.1, beta1: 0.8, beta2: 0.9, epsilon: 0.01, weightDecay: 0.1));
    }
}
