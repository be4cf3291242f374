using InitLab.Init;
using InitLab.Numerics;
using InitLab.Random;
using InitLab.Tests.Support;
using InitLab.Tests.Validation;

namespace InitLab.Tests.Init;

public class StructuredSchemesTests
{
    [Theory]
    [InlineData(3, 5)]
    [InlineData(5, 3)]
    [InlineData(4, 4)]
    public void Identity_PutsGainOnTheDiagonal_AndZeroElsewhere(int rows, int cols)
    {
        var w = SchemeSampling.Draw(new Identity(2.5), [rows, cols], SchemeSampling.Context("eye"));
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Assert.Equal(i == j ? 2.5f : 0f, w[i * cols + j]);
        var theory = new Identity(2.5).Describe([rows, cols], SchemeSampling.Context("eye"));
        var stats = SampleStats.Of<float>(w);
        Assert.Equal(stats.Mean, theory.Mean, 6);
        Assert.Equal(stats.Std * Math.Sqrt((w.Length - 1.0) / w.Length), theory.Std, 6);
    }

    [Fact]
    public void Identity_RejectsShapesThatAreNot2D()
    {
        Assert.Contains("rank 3", Assert.Throws<ArgumentException>(() => new Identity().Describe([2, 2, 2], SchemeSampling.Context("e"))).Message);
        Assert.Contains("rank 1", Assert.Throws<ArgumentException>(() => new Identity().Describe([4], SchemeSampling.Context("e"))).Message);
    }

    [Fact]
    public void Dirac_WithGroups_MapsEachGroupsChannelsThroughTheCentre()
    {
        // PyTorch dirac_(w, groups=3) on Conv1d weight [6, 2, 3]: W[g·2 + d, d, 1] = 1.
        var w = SchemeSampling.Draw(new Dirac(), [6, 2, 3], SchemeSampling.Context("dirac", groups: 3));
        for (int o = 0; o < 6; o++)
            for (int i = 0; i < 2; i++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(o % 2 == i && k == 1 ? 1f : 0f, w[(o * 2 + i) * 3 + k]);
    }

    [Theory]
    [InlineData(KernelCentre.Upper, 2)]
    [InlineData(KernelCentre.Lower, 1)]
    public void Dirac_OnEvenKernels_UsesTheChosenCentre(KernelCentre centre, int tap)
    {
        var w = SchemeSampling.Draw(new Dirac(centre), [3, 2, 4, 4], SchemeSampling.Context("dirac"));
        Assert.Equal(2, w.Count(v => v == 1));
        Assert.Equal(2, w.Count(v => v != 0));
        for (int d = 0; d < 2; d++)
            Assert.Equal(1f, w[((d * 2 + d) * 4 + tap) * 4 + tap]);
    }

    [Fact]
    public void Dirac_InOutLayout_UsesTheLastAxesAsChannels()
    {
        var w = SchemeSampling.Draw(new Dirac(), [3, 3, 4, 8], SchemeSampling.Context("dirac", WeightLayout.InOut));
        for (int i = 0; i < 4; i++)
            for (int o = 0; o < 8; o++)
                Assert.Equal(i == o ? 1f : 0f, w[((1 * 3 + 1) * 4 + i) * 8 + o]);
        Assert.Equal(4, w.Count(v => v != 0));
    }

    [Fact]
    public void Dirac_RejectsRankBelowThree_AndGroupsThatDoNotDivide()
    {
        Assert.Contains("rank 2", Assert.Throws<ArgumentException>(() => new Dirac().Describe([4, 4], SchemeSampling.Context("e"))).Message);
        Assert.Contains("groups = 4", Assert.Throws<ArgumentException>(() => new Dirac().Describe([6, 2, 3], SchemeSampling.Context("e", groups: 4))).Message);
    }

    [Theory]
    [InlineData(WeightLayout.OutIn)]
    [InlineData(WeightLayout.InOut)]
    public void DeltaOrthogonal_IsOrthogonalAtTheCentre_AndZeroElsewhere(WeightLayout layout)
    {
        int[] shape = layout == WeightLayout.OutIn ? [8, 4, 3, 3] : [3, 3, 4, 8];
        var w = new double[288];
        new DeltaOrthogonal(gain: 2).Initialize<double>(w, shape, SchemeSampling.Context("delta", layout));
        double At(int o, int i, int tap) => layout == WeightLayout.OutIn ? w[(o * 4 + i) * 9 + tap] : w[(tap * 4 + i) * 8 + o];
        for (int tap = 0; tap < 9; tap++)
            if (tap != 4)
                for (int o = 0; o < 8; o++)
                    for (int i = 0; i < 4; i++)
                        Assert.Equal(0, At(o, i, tap));
        // The c_in = 4 input rows of the centre map are orthonormal (times the gain) over the 8 outputs.
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
            {
                double dot = 0;
                for (int o = 0; o < 8; o++) dot += At(o, a, 4) * At(o, b, 4);
                Assert.Equal(a == b ? 4 : 0, dot, 12);
            }
    }

    [Fact]
    public void DeltaOrthogonal_RejectsMoreInputsThanOutputs_AndGroups()
    {
        Assert.Contains("c_in = 8 > c_out = 4", Assert.Throws<ArgumentException>(() => new DeltaOrthogonal().Describe([4, 8, 3, 3], SchemeSampling.Context("e"))).Message);
        Assert.Contains("groups = 2", Assert.ThrowsAny<ArgumentException>(() => new DeltaOrthogonal().Describe([8, 4, 3, 3], SchemeSampling.Context("e", groups: 2))).Message);
    }

    [Theory]
    [InlineData(100, 30, 0.25, 25)]
    [InlineData(10, 40, 0.333, 4)]
    [InlineData(64, 8, 0.0, 0)]
    [InlineData(7, 50, 0.99, 7)]
    public void Sparse_ZeroesExactlyCeilSparsityTimesRows_InEveryColumn(int rows, int cols, double sparsity, int zeros)
    {
        var scheme = new Sparse(sparsity, std: 0.1);
        Assert.Equal(zeros, scheme.ZerosPerColumn(rows));
        var w = SchemeSampling.Draw(scheme, [rows, cols], SchemeSampling.Context($"sparse.{rows}"));
        for (int j = 0; j < cols; j++)
            Assert.Equal(zeros, Enumerable.Range(0, rows).Count(i => w[i * cols + j] == 0));
    }

    [Fact]
    public void Sparse_NonzerosAreNormal_AndTheTheoryStdIsExact()
    {
        var scheme = new Sparse(0.5, std: 0.02);
        var w = SchemeSampling.Draw(scheme, [400, 500], SchemeSampling.Context("sparse.ks"));
        var nonzero = w.Where(v => v != 0).Select(v => (double)v).ToArray();
        Assert.Equal(200 * 500, nonzero.Length);
        KolmogorovSmirnov.AssertFits(nonzero, Distribution.Normal(0, 0.02).Cdf, "sparse nonzeros");
        Assert.Equal(0.02 * Math.Sqrt(0.5), scheme.Describe([400, 500], SchemeSampling.Context("s")).Std, 15);
        // The zeroed rows differ between columns: the mask is random, not a fixed band.
        Assert.True(Enumerable.Range(0, 400).Count(i => w[i * 500] == 0 && w[i * 500 + 1] == 0) < 150);
    }

    [Fact]
    public void Sparse_RejectsSparsityOutsideZeroOne_AndNon2DShapes()
    {
        GuardAssert.Rejects("sparsity", "1", () => new Sparse(1));
        GuardAssert.Rejects("sparsity", "-0.1", () => new Sparse(-0.1));
        GuardAssert.Rejects("std", "0", () => new Sparse(0.5, 0));
        Assert.Contains("rank 3", Assert.Throws<ArgumentException>(() => new Sparse(0.5).Describe([2, 3, 4], SchemeSampling.Context("e"))).Message);
    }
}
