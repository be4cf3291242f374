using InitLab.Compute;

namespace InitLab.Tests.Compute;

public class Pool2dTests
{
    public static TheoryData<int, int, int> Windows => new() { { 2, 2, 0 }, { 3, 2, 1 }, { 3, 1, 1 }, { 2, 3, 0 } };

    [Theory]
    [MemberData(nameof(Windows))]
    public void MaxAndAvgForward_MatchTheWindowDefinitions(int kernel, int stride, int padding)
    {
        var g = new Pool2dGeometry(2, 3, 7, 6, kernel, stride, padding);
        var x = GemmTests.Random(new System.Random(kernel * 10 + stride), g.InputLength);
        var max = new float[g.OutputLength];
        var avg = new float[g.OutputLength];
        var idx = new int[g.OutputLength];
        Pool2d.MaxForward(g, x, max, idx, threads: 2);
        Pool2d.AvgForward(g, x, avg, threads: 2);
        int o = 0;
        for (int plane = 0; plane < g.Batch * g.Channels; plane++)
            for (int i = 0; i < g.OutHeight; i++)
                for (int j = 0; j < g.OutWidth; j++, o++)
                {
                    var taps = Taps(g, i, j).ToArray();
                    var values = taps.Select(t => x[plane * g.Height * g.Width + t]).ToArray();
                    Assert.Equal(values.Max(), max[o]);
                    Assert.Equal(taps[Array.IndexOf(values, values.Max())], idx[o]);
                    Assert.Equal(values.Sum(v => (double)v) / (kernel * kernel), avg[o], 1e-6);
                }
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Backward_MatchesCentralFiniteDifferences(int kernel, int stride, int padding)
    {
        // L = Σ r ⊙ pool(x). The inputs are a shuffle of distinct values 0.01 apart, so no window's maximum changes
        // within a step of 0.001: max pooling is linear there and the central difference is exact up to rounding.
        var g = new Pool2dGeometry(2, 2, 6, 7, kernel, stride, padding);
        var rng = new System.Random(kernel + 7 * stride + 31 * padding);
        var x = Enumerable.Range(0, g.InputLength).Select(i => 0.01f * i - 0.5f).ToArray();
        rng.Shuffle(x);
        var r = GemmTests.Random(rng, g.OutputLength);
        var idx = new int[g.OutputLength];
        Pool2d.MaxForward(g, x, new float[g.OutputLength], idx);
        var dxMax = new float[g.InputLength];
        var dxAvg = new float[g.InputLength];
        Pool2d.MaxBackward(g, r, idx, dxMax, threads: 2);
        Pool2d.AvgBackward(g, r, dxAvg, threads: 2);
        double Loss(bool isMax)
        {
            var y = new float[g.OutputLength];
            if (isMax)
                Pool2d.MaxForward(g, x, y, new int[g.OutputLength], threads: 1);
            else
                Pool2d.AvgForward(g, x, y, threads: 1);
            return y.Select((v, i) => (double)v * r[i]).Sum();
        }
        const float h = 1e-3f;
        for (int i = 0; i < x.Length; i++)
        {
            float keep = x[i];
            foreach (var (isMax, grad) in new[] { (true, dxMax), (false, dxAvg) })
            {
                x[i] = keep + h;
                double plus = Loss(isMax);
                x[i] = keep - h;
                double minus = Loss(isMax);
                x[i] = keep;
                double fd = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(fd - grad[i]) < 2e-3, $"{(isMax ? "max" : "avg")} dx[{i}] = {grad[i]}, finite difference {fd}");
            }
        }
    }

    [Fact]
    public void MaxForward_PropagatesNaN_LikePyTorch()
    {
        var g = new Pool2dGeometry(1, 1, 2, 2, 2, 2);
        var y = new float[1];
        Pool2d.MaxForward(g, [1f, float.NaN, 3f, 2f], y, new int[1]);
        Assert.True(float.IsNaN(y[0]));
    }

    [Fact]
    public void Geometry_RejectsPaddingOverHalfTheKernel()
    {
        Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => new Pool2dGeometry(1, 1, 4, 4, 2, 2, 2)).ParamName);
        Assert.Equal("indices", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Pool2d.MaxBackward(new Pool2dGeometry(1, 1, 2, 2, 2, 2), [1f], [4], new float[4])).ParamName);
    }

    static IEnumerable<int> Taps(Pool2dGeometry g, int i, int j)
    {
        for (int kh = 0; kh < g.Kernel; kh++)
            for (int kw = 0; kw < g.Kernel; kw++)
            {
                int h = i * g.Stride - g.Padding + kh, w = j * g.Stride - g.Padding + kw;
                if (h >= 0 && h < g.Height && w >= 0 && w < g.Width)
                    yield return h * g.Width + w;
            }
    }
}
