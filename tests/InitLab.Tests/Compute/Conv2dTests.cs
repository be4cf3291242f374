using InitLab.Compute;

namespace InitLab.Tests.Compute;

public class Conv2dTests
{
    /// <summary>batch, cin, h, w, cout, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, groups.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 2, 1, 7, 7, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1 },
        new[] { 3, 4, 9, 8, 6, 3, 2, 2, 1, 1, 0, 1, 2, 2 },
        new[] { 1, 6, 10, 11, 4, 3, 3, 2, 3, 2, 1, 2, 1, 2 },
        new[] { 2, 3, 5, 6, 3, 1, 1, 1, 1, 0, 0, 1, 1, 3 },
        new[] { 20, 2, 6, 6, 5, 5, 5, 1, 1, 2, 2, 1, 1, 1 },
        // Stride 1 with dilation, uneven padding and groups; padding wider than the dilated kernel (the input gradient
        // then takes the unfolding path); and 33 and 64 channels per group, which read the weight gradient's B
        // operand channel-last, with a partial channel panel.
        new[] { 2, 4, 8, 9, 6, 3, 3, 1, 1, 2, 1, 2, 1, 2 },
        new[] { 2, 2, 6, 6, 3, 3, 3, 1, 1, 3, 3, 1, 1, 1 },
        new[] { 2, 33, 5, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1 },
        new[] { 1, 128, 4, 4, 4, 3, 2, 1, 1, 1, 0, 1, 1, 2 },
    };

    static Conv2dGeometry Make(int[] p) => new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13]);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_MatchesDirectFloat64Convolution(int[] parameters)
    {
        var g = Make(parameters);
        var rng = new System.Random(parameters.Sum());
        var x = GemmTests.Random(rng, g.InputLength);
        var w = GemmTests.Random(rng, g.WeightLength);
        var b = GemmTests.Random(rng, g.OutChannels);
        var y = new float[g.OutputLength];
        Array.Fill(y, float.NaN);
        Conv2d.Forward(g, x, w, b, y, threads: 2);
        var expected = Reference(g, x, w, b);
        for (int i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(y[i] - expected[i]) < 1e-4, $"y[{i}] = {y[i]}, expected {expected[i]}");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_MatchesCentralFiniteDifferences(int[] parameters)
    {
        // L = Σ r ⊙ conv(x, w, b) with a fixed random r, so dL/dy = r. L is linear in each argument, so a central
        // difference with a large step has no truncation error; only float32 rounding remains.
        var g = Make(parameters);
        var rng = new System.Random(100 + parameters.Sum());
        var x = GemmTests.Random(rng, g.InputLength);
        var w = GemmTests.Random(rng, g.WeightLength);
        var b = GemmTests.Random(rng, g.OutChannels);
        var r = GemmTests.Random(rng, g.OutputLength);
        var dx = new float[x.Length];
        var dw = new float[w.Length];
        var db = new float[b.Length];
        Array.Fill(dx, float.NaN);
        Array.Fill(dw, float.NaN);
        Conv2d.Backward(g, x, w, r, dx, dw, db, threads: 2);
        double Loss()
        {
            var y = new float[g.OutputLength];
            Conv2d.Forward(g, x, w, b, y, threads: 1);
            return y.Select((v, i) => (double)v * r[i]).Sum();
        }
        const float h = 0.5f;
        foreach (var (values, grad, name) in new[] { (x, dx, "dx"), (w, dw, "dw"), (b, db, "db") })
            for (int i = 0; i < values.Length; i += Math.Max(1, values.Length / 40))
            {
                float keep = values[i];
                values[i] = keep + h;
                double plus = Loss();
                values[i] = keep - h;
                double minus = Loss();
                values[i] = keep;
                double fd = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(fd - grad[i]) < 2e-3 * (1 + Math.Abs(fd)), $"{name}[{i}] = {grad[i]}, finite difference {fd}");
            }
    }

    /// <summary>Few channels, and 32→32 on 14×14, whose 9216 weights are summed over the chunks by several workers.</summary>
    public static TheoryData<int, int, int, int> BitGeometries => new() { { 19, 4, 8, 12 }, { 12, 32, 32, 14 } };

    [Theory]
    [MemberData(nameof(BitGeometries))]
    public void ForwardAndBackward_GiveTheSameBits_ForOneTwoAndEightThreads(int batch, int inChannels, int outChannels, int size)
    {
        var g = new Conv2dGeometry(batch, inChannels, size, size, outChannels, 3, 3, padding: 1);
        var rng = new System.Random(2);
        var x = GemmTests.Random(rng, g.InputLength);
        var w = GemmTests.Random(rng, g.WeightLength);
        var dy = GemmTests.Random(rng, g.OutputLength);
        float[][] Run(int threads)
        {
            var y = new float[g.OutputLength];
            var dx = new float[g.InputLength];
            var dw = new float[g.WeightLength];
            var db = new float[g.OutChannels];
            Conv2d.Forward(g, x, w, [], y, threads);
            Conv2d.Backward(g, x, w, dy, dx, dw, db, threads);
            return [y, dx, dw, db];
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(8));
    }

    [Fact]
    public void Backward_SkipsGradientsGivenAsEmptySpans_AndTheBiasGradientSumsDy()
    {
        var g = new Conv2dGeometry(2, 2, 5, 5, 3, 3, 3);
        var rng = new System.Random(3);
        var x = GemmTests.Random(rng, g.InputLength);
        var w = GemmTests.Random(rng, g.WeightLength);
        var dy = GemmTests.Random(rng, g.OutputLength);
        var dwOnly = new float[g.WeightLength];
        var dw = new float[g.WeightLength];
        var dx = new float[g.InputLength];
        var dbOnly = new float[g.OutChannels];
        var db = new float[g.OutChannels];
        Conv2d.Backward(g, x, w, dy, [], dwOnly, [], threads: 1);
        Conv2d.Backward(g, x, w, dy, [], [], dbOnly, threads: 1);
        Conv2d.Backward(g, x, w, dy, dx, dw, db, threads: 1);
        Assert.Equal(dw, dwOnly);
        Assert.Equal(db, dbOnly);
        int pixels = g.OutHeight * g.OutWidth;
        for (int o = 0; o < g.OutChannels; o++)
        {
            double sum = 0;
            for (int s = 0; s < g.Batch; s++)
                for (int q = 0; q < pixels; q++)
                    sum += dy[(s * g.OutChannels + o) * pixels + q];
            Assert.True(Math.Abs(db[o] - sum) < 1e-4, $"db[{o}] = {db[o]}, expected {sum}");
        }
    }

    [Fact]
    public void Geometry_RejectsInvalidShapes_NamingTheArgument()
    {
        Assert.Equal("inChannels", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2dGeometry(1, 3, 5, 5, 4, 3, 3, groups: 2)).ParamName);
        Assert.Equal("kernelHeight", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2dGeometry(1, 1, 2, 2, 1, 3, 3)).ParamName);
        Assert.Equal("padH", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2dGeometry(1, 1, 5, 5, 1, 3, 3, 1, 1, -1, 0, 1, 1, 1)).ParamName);
        var g = new Conv2dGeometry(1, 1, 5, 5, 1, 3, 3);
        Assert.Equal(3, g.OutHeight);
        Assert.Equal("output", Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Forward(g, new float[25], new float[9], [], new float[8])).ParamName);
    }

    /// <summary>The definition, in float64: y[n,o,i,j] = b[o] + Σ_c,kh,kw w[o,c,kh,kw]·x[n, g·cg + c, i·sh − ph + kh·dh, j·sw − pw + kw·dw].</summary>
    static double[] Reference(Conv2dGeometry g, float[] x, float[] w, float[] b)
    {
        int cg = g.InChannels / g.Groups, og = g.OutChannels / g.Groups;
        var y = new double[g.OutputLength];
        int at = 0;
        for (int n = 0; n < g.Batch; n++)
            for (int o = 0; o < g.OutChannels; o++)
                for (int i = 0; i < g.OutHeight; i++)
                    for (int j = 0; j < g.OutWidth; j++, at++)
                    {
                        double sum = b[o];
                        for (int c = 0; c < cg; c++)
                            for (int kh = 0; kh < g.KernelHeight; kh++)
                                for (int kw = 0; kw < g.KernelWidth; kw++)
                                {
                                    int ih = i * g.StrideH - g.PadH + kh * g.DilationH, iw = j * g.StrideW - g.PadW + kw * g.DilationW;
                                    if (ih < 0 || ih >= g.Height || iw < 0 || iw >= g.Width)
                                        continue;
                                    int ci = o / og * cg + c;
                                    sum += (double)w[((o * cg + c) * g.KernelHeight + kh) * g.KernelWidth + kw]
                                           * x[((n * g.InChannels + ci) * g.Height + ih) * g.Width + iw];
                                }
                        y[at] = sum;
                    }
        return y;
    }
}
