using InitLab.Lab;
using InitLab.Nn;

namespace InitLab.Tests.Lab;

public class UnitSymmetryTests
{
    [Fact]
    public void Of_MeasuresExactRowDistances()
    {
        var w = new Parameter("w", ParameterRole.Weight, [3, 2]);
        float[] rows = [1, 2, 1, 2, 4, 6];
        rows.CopyTo(w.Value.Span);
        var s = Assert.Single(UnitSymmetry.Of([w]));
        Assert.Equal(3, s.Units);
        Assert.Equal(0, s.MinDistance);
        Assert.Equal(5, s.MaxDistance, 6);
        Assert.Equal((2 * Math.Sqrt(5) + Math.Sqrt(52)) / 3, s.MeanRowNorm, 6);
    }

    [Fact]
    public void Of_SkipsBiasesAndSingleRows()
    {
        var bias = new Parameter("b", ParameterRole.Bias, [3]);
        var one = new Parameter("w", ParameterRole.Weight, [1, 5]);
        Assert.Empty(UnitSymmetry.Of([bias, one]));
    }
}
