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

    [Theory]
    [InlineData(6, 4)]
    [InlineData(6, 8)]
    [InlineData(5, 10)]
    [InlineData(28, 28)]
    [InlineData(14, 14)]
    [InlineData(7, 17)]
    public void VectorAndScalarPaths_MatchTheDefinition_WithTiesAndNaNs(int height, int width)
    {
        var g = new Pool2dGeometry(2, 3, height, width, 2, 2);
        var rng = new System.Random(height * 100 + width);
        // Few distinct values, so ties are common; about 3 % NaN.
        var x = Enumerable.Range(0, g.InputLength).Select(_ => rng.Next(33) == 0 ? float.NaN : rng.Next(4)).Select(v => (float)v).ToArray();
        var y = new float[g.OutputLength];
        var idx = new int[g.OutputLength];
        Pool2d.MaxForward(g, x, y, idx, threads: 2);
        int o = 0;
        for (int plane = 0; plane < g.Batch * g.Channels; plane++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, o++)
                {
                    int[] taps = [2 * oh * width + 2 * ow, 2 * oh * width + 2 * ow + 1, (2 * oh + 1) * width + 2 * ow, (2 * oh + 1) * width + 2 * ow + 1];
                    int best = taps[0];
                    foreach (int t in taps[1..])
                    {
                        float v = x[plane * height * width + t], b = x[plane * height * width + best];
                        if (v > b || float.IsNaN(v) && !float.IsNaN(b))
                            best = t;
                    }
                    Assert.Equal(best, idx[o]);
                    Assert.Equal(x[plane * height * width + best], y[o]);
                }
    }
}
