using InitLab.Autograd;
using static InitLab.Tests.Autograd.GradientCheck;

namespace InitLab.Tests.Autograd;

public class ShiftAndWeightNormOpTests
{
    const double Tolerance = 2e-3;

    [Fact]
    public void Shift_GradientsOfInputAndScalar_MatchFiniteDifferences()
    {
        double error = MaxError((t, v) => Ops.Shift(t, "fixup", v[0], v[1]), [Uniform("x", -1, 1, 3, 5), Uniform("beta", -1, 1, 1)]);
        Assert.True(error < Tolerance, $"max error {error}");
    }

    [Fact]
    public void WeightNorm_GradientsOfDirectionAndNorm_MatchFiniteDifferences_ThroughALinearLayer()
    {
        double error = MaxError((t, v) => Ops.Linear(t, "wn", v[0], Ops.WeightNorm(t, "wn", v[1], v[2]), null),
            [Uniform("x", -1, 1, 4, 6), AwayFromZero("v", 0.2, 1, 3, 6), Uniform("g", 0.5, 2, 3)]);
        Assert.True(error < Tolerance, $"max error {error}");
    }

    [Fact]
    public void WeightNorm_RowNormsEqualG_Exactly()
    {
        var v = Uniform("v", -1, 1, 4, 2, 3, 3);
        var g = Uniform("g", 0.5, 3, 4);
        var w = Ops.WeightNorm(new Tape(1), "wn", new Variable(v, false), new Variable(g, false)).Value;
        for (int r = 0; r < 4; r++)
            Assert.Equal(g.Span[r], System.Numerics.Tensors.TensorPrimitives.Norm(w.Span.Slice(r * 18, 18)), 5);
    }
}
