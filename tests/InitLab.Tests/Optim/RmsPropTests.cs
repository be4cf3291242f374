using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary><see cref="RmsProp"/> step by step against torch.optim 1.13 (float64), 8 steps of <see cref="OptimizerSteps.Reference"/>.</summary>
/// <remarks>Numbers from <c>/usr/bin/python3 bench/peers/optim_reference.py</c>.</remarks>
public class RmsPropTests
{
    [Fact]
    public void Default_MatchesPyTorch()
    {
        // Step 1: v = 0.01·g², so w₁ = w − 0.01·g/(0.1·|g|) = w − 0.1·sign(g).
        // torch.optim.RMSprop lr=0.01
        OptimizerSteps.AssertMatches(
            [
                [0.90000002, -1.90000001],
                [0.944901337442, -1.9895323022],
                [0.857427378393, -2.01147965386],
                [0.802380395189, -1.9899395312],
                [0.861742809323, -2.04440647467],
                [0.846990633449, -2.05349229449],
                [0.770536445606, -2.01918301935],
                [0.78940136175, -2.04422086615],
            ],
            p => new RmsProp([p], 0.01));
    }

    [Fact]
    public void CenteredMomentumWeightDecay_MatchesPyTorch()
    {
        // torch.optim.RMSprop lr=0.01 centered momentum=0.9 weight_decay=0.1 alpha=0.9
        OptimizerSteps.AssertMatches(
            [
                [0.966666668519, -1.96666666759],
                [0.945074841406, -1.96356205714],
                [0.895316610357, -1.96551334126],
                [0.829594510067, -1.95658414264],
                [0.788437677474, -1.96643453234],
                [0.744662474934, -1.97607054048],
                [0.677473493962, -1.96917064127],
                [0.622820268809, -1.97035432883],
            ],
            p => new RmsProp([p], 0.01, alpha: 0.9, weightDecay: 0.1, momentum: 0.9, centered: true));
    }

    [Fact]
    public void MomentumWithLargeEpsilon_MatchesPyTorch()
    {
        // A large ε makes its placement (outside the square root) visible: w₁ = 1 − 0.01·0.5/(0.05 + 0.1).
        // torch.optim.RMSprop lr=0.01 momentum=0.5 eps=0.1
        OptimizerSteps.AssertMatches(
            [
                [0.966666666667, -1.95],
                [0.966058824772, -1.98684615491],
                [0.919095643214, -2.0205216022],
                [0.863867649609, -2.02230475052],
                [0.873503600775, -2.06315408802],
                [0.869043985825, -2.09024268631],
                [0.811503610944, -2.07824200654],
                [0.796430468179, -2.09101294789],
            ],
            p => new RmsProp([p], 0.01, epsilon: 0.1, momentum: 0.5));
    }
}
