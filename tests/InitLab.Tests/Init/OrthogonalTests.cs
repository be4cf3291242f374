using InitLab.Init;
using InitLab.Random;
using InitLab.Tests.Support;
using InitLab.Tests.Validation;

namespace InitLab.Tests.Init;

public class OrthogonalTests
{
    /// <summary>max |G − gain²·I| where G is the Gram matrix of the smaller side's vectors, in float64.</summary>
    static double OrthonormalityError<T>(T[] w, int rows, int cols, double gain) where T : unmanaged
    {
        var m = w.Select(v => Convert.ToDouble(v) / gain).ToArray();
        bool byRows = rows <= cols;
        int count = byRows ? rows : cols, length = byRows ? cols : rows;
        var vectors = new double[count][];
        for (int a = 0; a < count; a++)
        {
            vectors[a] = new double[length];
            for (int i = 0; i < length; i++)
                vectors[a][i] = byRows ? m[a * cols + i] : m[i * cols + a];
        }
        double error = 0;
        for (int a = 0; a < count; a++)
            for (int b = 0; b <= a; b++)
                error = Math.Max(error, Math.Abs(System.Numerics.Tensors.TensorPrimitives.Dot<double>(vectors[a], vectors[b]) - (a == b ? 1 : 0)));
        return error;
    }

    [Theory]
    [InlineData(new[] { 10, 10 }, WeightLayout.OutIn, 10, 10)]
    [InlineData(new[] { 70, 33 }, WeightLayout.OutIn, 70, 33)]
    [InlineData(new[] { 33, 70 }, WeightLayout.OutIn, 33, 70)]
    [InlineData(new[] { 16, 4, 3, 3 }, WeightLayout.OutIn, 16, 36)]
    [InlineData(new[] { 3, 3, 4, 16 }, WeightLayout.InOut, 36, 16)]
    [InlineData(new[] { 130, 97 }, WeightLayout.OutIn, 130, 97)]
    public void SmallerSide_IsOrthonormal_TimesGain(int[] shape, WeightLayout layout, int rows, int cols)
    {
        Assert.Equal((rows, cols), Orthogonal.Matrix(shape, layout));
        var context = SchemeSampling.Context("orth", layout);
        var scheme = new Orthogonal(gain: 1.5);
        var single = new float[rows * cols];
        scheme.Initialize<float>(single, shape, context);
        Assert.True(OrthonormalityError(single, rows, cols, 1.5) < 1e-6);
        var dbl = new double[rows * cols];
        scheme.Initialize<double>(dbl, shape, context);
        Assert.True(OrthonormalityError(dbl, rows, cols, 1.5) < 1e-13);
        Assert.All(dbl, v => Assert.InRange(Math.Abs(v), 0, 1.5));
        // Σw² = gain²·min(rows, cols) exactly, so the population std is gain/√max(rows, cols).
        Assert.Equal(1.5 / Math.Sqrt(Math.Max(rows, cols)), Math.Sqrt(dbl.Sum(v => v * v) / dbl.Length), 12);
        Assert.Equal(1.5 / Math.Sqrt(Math.Max(rows, cols)), scheme.Describe(shape, context).Std, 15);
    }

    [Fact]
    public void Float32_At1024_IsOrthonormalTo1e5()
    {
        var w = new float[1024 * 1024];
        new Orthogonal(2).Initialize<float>(w, [1024, 1024], SchemeSampling.Context("big"));
        Assert.True(OrthonormalityError(w, 1024, 1024, 2) <= 1e-5);
    }

    [Fact]
    public void Result_IsBitIdentical_ForAnyThreadCount()
    {
        int[] shape = [300, 260];
        var one = new float[300 * 260];
        var two = new float[300 * 260];
        var all = new double[300 * 260];
        var allAgain = new double[300 * 260];
        new Orthogonal().Initialize<float>(one, shape, SchemeSampling.Context("t", threads: 1));
        new Orthogonal().Initialize<float>(two, shape, SchemeSampling.Context("t", threads: 2));
        Assert.Equal(one, two);
        new Orthogonal().Initialize<double>(all, shape, SchemeSampling.Context("t", threads: 1));
        new Orthogonal().Initialize<double>(allAgain, shape, SchemeSampling.Context("t", threads: 3));
        Assert.Equal(all, allAgain);
    }

    [Fact]
    public void Entries_OfHaar3x3_AreUniformOnMinusOneOne_AndDeterminantsBalanced()
    {
        // For Haar O(3) every entry is the coordinate of a uniform point on S², hence U(−1, 1) (Archimedes),
        // and det = ±1 with probability ½ each. Without the sign(diag R) fix, Householder QR gives Q₀₀ < 0 always and the same det every time (two nontrivial reflectors: +1).
        const int draws = 4000;
        var q00 = new double[draws];
        var q12 = new double[draws];
        int positive = 0;
        var w = new double[9];
        for (int d = 0; d < draws; d++)
        {
            new Orthogonal().Initialize<double>(w, [3, 3], new InitContext(new RandomStream(5, $"haar.{d}")));
            q00[d] = w[0];
            q12[d] = w[5];
            double det = w[0] * (w[4] * w[8] - w[5] * w[7]) - w[1] * (w[3] * w[8] - w[5] * w[6]) + w[2] * (w[3] * w[7] - w[4] * w[6]);
            if (det > 0) positive++;
        }
        var uniform = Distribution.Uniform(-1, 1);
        KolmogorovSmirnov.AssertFits(q00, uniform.Cdf, "Q[0,0] of Haar 3×3");
        KolmogorovSmirnov.AssertFits(q12, uniform.Cdf, "Q[1,2] of Haar 3×3");
        Assert.InRange(positive, draws / 2 - 5 * 32, draws / 2 + 5 * 32);
    }

    [Fact]
    public void RankBelowTwo_AndBadGain_AreErrors()
    {
        var rank = Assert.Throws<ArgumentException>(() => new Orthogonal().Initialize<float>(new float[4], [4], SchemeSampling.Context("e")));
        Assert.Contains("rank 1", rank.Message);
        GuardAssert.Rejects("gain", "0", () => new Orthogonal(0));
    }
}
