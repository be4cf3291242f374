using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary><see cref="Adagrad"/> step by step against torch.optim 1.13 (float64), 8 steps of <see cref="OptimizerSteps.Reference"/>.</summary>
/// <remarks>Numbers from <c>/usr/bin/python3 bench/peers/optim_reference.py</c>.</remarks>
public class AdagradTests
{
    [Fact]
    public void Default_MatchesPyTorch()
    {
        // Step 1: s = g², so w₁ = w − 0.1·sign(g).
        // torch.optim.Adagrad lr=0.1
        OptimizerSteps.AssertMatches(
            [
                [0.90000000002, -1.90000000001],
                [0.944721359562, -1.98944271911],
                [0.857434203475, -2.01126450813],
                [0.802661947729, -1.98994443649],
                [0.861638730187, -2.0438260271],
                [0.847052231038, -2.05277029901],
                [0.771119591381, -2.01908422217],
                [0.789769687545, -2.0435791196],
            ],
            p => new Adagrad([p], 0.1));
    }

    [Fact]
    public void LearningRateDecayAccumulatorWeightDecay_MatchesPyTorch()
    {
        // torch.optim.Adagrad lr=0.1 lr_decay=0.5 weight_decay=0.1 initial_accumulator_value=0.2 eps=0.01
        OptimizerSteps.AssertMatches(
            [
                [0.920878927235, -1.90702178078],
                [0.934466073714, -1.96119266236],
                [0.893798660963, -1.96795341803],
                [0.872634619508, -1.95611010174],
                [0.8892455797, -1.9722618248],
                [0.884047349175, -1.97282183986],
                [0.865413292656, -1.96266690367],
                [0.868657271975, -1.96676962756],
            ],
            p => new Adagrad([p], 0.1, learningRateDecay: 0.5, weightDecay: 0.1, initialAccumulator: 0.2, epsilon: 0.01));
    }
}
