using InitLab.Compute;

namespace InitLab.Tests.Compute;

public class MaxPool2x2Tests
{
    [Fact]
    public void Specialization_KeepsTheGenericRules_FirstMaximumOnTies_FirstNaNWins_OddSizesRoundDown()
    {
        var g = new Pool2dGeometry(1, 1, 5, 4, 2, 2);
        Assert.True(MaxPool2x2.Applies(g));
        float nan = float.NaN;
        float[] x =
        [
            1, 1, 2, 5,
            1, 0, 5, 5,
            7, nan, 3, 3,
            nan, 9, 3, 4,
            8, 8, 8, 8,
        ];
        var y = new float[g.OutputLength];
        var idx = new int[g.OutputLength];
        Pool2d.MaxForward(g, x, y, idx);
        Assert.Equal([1f, 5f, nan, 4f], y);
        Assert.Equal([0, 3, 9, 15], idx);
        var dx = new float[g.InputLength];
        Pool2d.MaxBackward(g, [1f, 2f, 3f, 4f], idx, dx);
        Assert.Equal([1f, 0, 0, 2f, 0, 0, 0, 0, 0, 3f, 0, 0, 0, 0, 0, 4f, 0, 0, 0, 0], dx);
    }
}
