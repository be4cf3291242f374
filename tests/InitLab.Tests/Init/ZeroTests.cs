using InitLab.Init;
using InitLab.Random;

namespace InitLab.Tests.Init;

public class ZeroTests
{
    static float[] Draw(int[] shape, ulong seed, string name = "w") =>
        SchemeSampling.Draw(new Zero(), shape, new InitContext(new RandomStream(seed, name)));

    [Fact]
    public void Hadamard_IsSylvesters_AndHasOrthogonalColumns()
    {
        int[,] h4 = { { 1, 1, 1, 1 }, { 1, -1, 1, -1 }, { 1, 1, -1, -1 }, { 1, -1, -1, 1 } };
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(h4[i, j], Hadamard.Entry(i, j));
        for (int a = 0; a < 64; a++)
            for (int b = 0; b < 64; b++)
                Assert.Equal(a == b ? 64 : 0, Enumerable.Range(0, 64).Sum(i => Hadamard.Entry(i, a) * Hadamard.Entry(i, b)));
        Assert.Equal([1, 2, 4, 8, 8, 1024], new[] { 1, 2, 3, 5, 8, 600 }.Select(Hadamard.Order));
    }

    [Theory]
    [InlineData(8, 3)]
    [InlineData(256, 100)]
    [InlineData(64, 64)]
    public void WhenRowsArePowerOfTwo_WTransposeW_IsIdentity(int m, int n)
    {
        var w = Draw([m, n], 1);
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++)
                    dot += (double)w[i * n + a] * w[i * n + b];
                Assert.Equal(a == b ? 1 : 0, dot, 5);
            }
    }

    [Fact]
    public void DimensionIncrease_UsesHadamardOverSqrtP_WithPThePowerOfTwoAboveM()
    {
        var w = Draw([5, 3], 0);   // p = 8
        for (int o = 0; o < 5; o++)
            for (int i = 0; i < 3; i++)
                Assert.Equal(Hadamard.Entry(o, i) / Math.Sqrt(8), w[o * 3 + i], 6);
    }

    [Fact]
    public void DimensionDecrease_IsThePartialIdentity()
    {
        var w = Draw([3, 5], 0);
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < 5; i++)
                Assert.Equal(o == i ? 1f : 0f, w[o * 5 + i]);
    }

    [Fact]
    public void Weights_AreTheSameForEverySeedAndName()
    {
        foreach (int[] shape in new[] { new[] { 300, 200 }, [200, 300], [16, 8, 3, 3] })
        {
            var first = Draw(shape, 0);
            foreach (ulong seed in new ulong[] { 1, 42, ulong.MaxValue })
                Assert.Equal(first, Draw(shape, seed, "layers." + seed + ".weight"));
        }
    }

    [Fact]
    public void Convolution_PutsTheMatrixAtTheCentreTap()
    {
        var w = Draw([4, 4, 3, 3], 0);
        for (int o = 0; o < 4; o++)
            for (int i = 0; i < 4; i++)
                for (int tap = 0; tap < 9; tap++)
                    Assert.Equal(tap == 4 && o == i ? 1f : 0f, w[(o * 4 + i) * 9 + tap]);
    }

    [Fact]
    public void Theory_MatchesThePatternsMeanAndStd()
    {
        var scheme = new Zero();
        foreach (int[] shape in new[] { new[] { 300, 200 }, [200, 300], [16, 8, 3, 3] })
        {
            var context = new InitContext(new RandomStream(0, "w"));
            var theory = scheme.Describe(shape, context);
            var w = Draw(shape, 0);
            double mean = w.Average(v => (double)v);
            double std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
            Assert.Equal(theory.Mean, mean, 7);
            Assert.Equal(theory.Std, std, 6);
            Assert.Equal(theory.Bound!.Value, w.Max(Math.Abs), 6);
        }
    }
}
