using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary>Saving an optimizer's <see cref="Optimizer.State"/> and step count mid-run and restoring them into a fresh optimizer continues bit for bit.</summary>
public class OptimizerStateTests
{
    public static TheoryData<string> Names => ["rmsprop", "rmsprop-centered", "adagrad", "radam", "nadam", "lamb", "ranger", "lookahead-adam"];

    static Optimizer Create(string name, Parameter p) => name switch
    {
        "rmsprop" => new RmsProp([p], 0.01, momentum: 0.9),
        "rmsprop-centered" => new RmsProp([p], 0.01, centered: true, momentum: 0.5),
        "adagrad" => new Adagrad([p], 0.1, learningRateDecay: 0.1),
        "radam" => new RAdam([p], 0.1),
        "nadam" => new NAdam([p], 0.1),
        "lamb" => new Lamb([p], 0.1, weightDecay: 0.01),
        "ranger" => new Lookahead(new RAdam([p], 0.1), 3, 0.5),
        _ => new Lookahead(new Adam([p], 0.1), 4, 0.6) { GradientCentralization = true },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Resume_FromSavedState_IsBitIdentical(string name)
    {
        var gradients = OptimizerSteps.Reference;
        var straight = new Parameter("w", ParameterRole.Weight, [1, 2]);
        (straight.Value.Span[0], straight.Value.Span[1]) = (1f, -2f);
        var tape = new Tape(1);
        var a = Create(name, straight);
        Parameter? resumed = null;
        Optimizer? b = null;
        for (int s = 0; s < gradients.Length; s++)
        {
            if (s == 4)
            {
                // A fresh parameter and optimizer, constructed from different weights, then loaded like a checkpoint.
                resumed = new Parameter("w", ParameterRole.Weight, [1, 2]);
                b = Create(name, resumed);
                straight.Value.CopyTo(resumed.Value);
                foreach (var ((_, from), (_, to)) in a.State.Zip(b.State))
                    from.CopyTo(to);
                b.StepCount = a.StepCount;
            }
            OptimizerSteps.SetGradient(tape, straight, [.. gradients[s]]);
            a.Step(tape);
            if (b is not null)
            {
                OptimizerSteps.SetGradient(tape, resumed!, [.. gradients[s]]);
                b.Step(tape);
                Assert.Equal(straight.Value.ToArray(), resumed!.Value.ToArray());
            }
        }
        Assert.NotEqual([1f, -2f], straight.Value.ToArray());
    }
}
