using InitLab.Compute;

namespace InitLab.Tests.Compute;

public class GemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 17, 1 }, { 1, 255, 7 }, { 17, 7, 255 }, { 255, 17, 7 },
        { 1023, 7, 17 }, { 7, 1023, 17 }, { 17, 7, 1023 }, { 37, 45, 300 }, { 130, 70, 513 },
        // Aᵀ (245×1100) and B (1100×245) too large to be read in place, so they are packed.
        { 245, 20, 1100 }, { 20, 245, 1100 },
        // Packed op(B) in three column blocks (512, 512, 76 wide): the next block is packed while the current one runs.
        { 29, 1100, 300 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sgemm_MatchesFloat64Reference_ForEveryTransposeAndScale(int m, int n, int k)
    {
        var rng = new System.Random(m * 7919 + n * 31 + k);
        foreach (var ta in new[] { Transpose.No, Transpose.Yes })
            foreach (var tb in new[] { Transpose.No, Transpose.Yes })
                foreach (var (alpha, beta) in new[] { (1f, 0f), (-0.5f, 0f), (1f, 1f), (0.75f, -2f) })
                {
                    var a = Random(rng, m * k);
                    var b = Random(rng, k * n);
                    var c = beta == 0 ? Poisoned(m * n) : Random(rng, m * n);
                    var expected = Reference(ta, tb, m, n, k, alpha, a, b, beta, c, out var bound);
                    Gemm.Sgemm(ta, tb, m, n, k, alpha, a, ta == Transpose.No ? k : m, b, tb == Transpose.No ? n : k, beta, c, n, threads: 2);
                    for (int i = 0; i < c.Length; i++)
                        Assert.True(Math.Abs(c[i] - expected[i]) <= bound[i],
                            $"{ta}{tb} m={m} n={n} k={k} α={alpha} β={beta}: C[{i}] = {c[i]}, expected {expected[i]} ± {bound[i]}");
                }
    }

    [Fact]
    public void Sgemm_WithLeadingDimensionsLargerThanWidth_TouchesOnlyTheSubmatrix()
    {
        var rng = new System.Random(5);
        int m = 19, n = 21, k = 40, lda = 50, ldb = 30, ldc = 25;
        var a = Random(rng, (m - 1) * lda + k);
        var b = Random(rng, (k - 1) * ldb + n);
        var c = Poisoned((m - 1) * ldc + n);
        Gemm.Sgemm(Transpose.No, Transpose.No, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc, threads: 1);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < ldc && i * ldc + j < c.Length; j++)
            {
                float value = c[i * ldc + j];
                if (j >= n)
                {
                    Assert.True(float.IsNaN(value), $"C[{i}, {j}] is outside the {m}×{n} result but was overwritten with {value}");
                    continue;
                }
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)a[i * lda + p] * b[p * ldb + j];
                    abs += Math.Abs((double)a[i * lda + p] * b[p * ldb + j]);
                }
                Assert.True(Math.Abs(value - sum) <= 2 * k * 6e-8 * abs + 1e-30, $"C[{i}, {j}] = {value}, expected {sum}");
            }
    }

    [Fact]
    public void Sgemm_GivesTheSameBits_ForOneTwoAndEightThreads()
    {
        // Several K blocks (k > 256), several N blocks (n > 512) and several M blocks, with edge tiles everywhere.
        int m = 401, n = 1100, k = 600;
        var rng = new System.Random(9);
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        float[] Run(int threads)
        {
            var c = Random(new System.Random(1), m * n);
            Gemm.Sgemm(Transpose.No, Transpose.Yes, m, n, k, 0.5f, a, k, b, k, 0.25f, c, n, threads);
            return c;
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(8));
    }

    [Theory]
    [InlineData(53)] // 8-row AVX-512 tiles (56 rows beat 60)
    [InlineData(60)] // 12-row AVX-512 tiles
    public void Sgemm_GivesTheSameBits_ForEveryKernelTheCpuSupports(int m)
    {
        int n = 77, k = 530;
        var rng = new System.Random(11);
        var a = Random(rng, k * m);
        var b = Random(rng, k * n);
        float[] Run(GemmKernelKind kind)
        {
            var c = Random(new System.Random(2), m * n);
            Gemm.Sgemm(Transpose.Yes, Transpose.No, m, n, k, -1.5f, a, m, b, n, 0.5f, c, n, 2, kind);
            return c;
        }
        var scalar = Run(GemmKernelKind.Scalar);
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported && System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            Assert.Equal(scalar, Run(GemmKernelKind.Avx2));
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            Assert.Equal(scalar, Run(GemmKernelKind.Avx512));
        Assert.Equal(scalar, Run(GemmKernelKind.Auto));
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0f, 3f)]
    public void Sgemm_WithZeroAlphaOrZeroK_ScalesC(float alpha, float beta)
    {
        var c = new[] { 1f, 2f, float.NaN, 4f };
        if (beta != 0)
            c[2] = 3f;
        Gemm.Sgemm(Transpose.No, Transpose.No, 2, 2, 3, alpha, new float[6], 3, new float[6], 2, beta, c, 2);
        Assert.Equal(beta == 0 ? new[] { 0f, 0f, 0f, 0f } : new[] { 3f, 6f, 9f, 12f }, c);
        var d = new[] { 1f, float.NaN };
        Gemm.Sgemm(Transpose.No, Transpose.No, 1, 2, 0, 1f, [], 1, [], 2, 0f, d, 2);
        Assert.Equal(new[] { 0f, 0f }, d);
    }

    [Fact]
    public void Sgemm_RejectsBadArguments_NamingTheArgument()
    {
        var buffer = new float[100];
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(Transpose.No, Transpose.No, -1, 2, 2, 1, buffer, 2, buffer, 2, 0, buffer, 2)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(Transpose.No, Transpose.No, 2, 2, 3, 1, buffer, 2, buffer, 2, 0, buffer, 2)).ParamName);
        Assert.Equal("ldb", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(Transpose.No, Transpose.Yes, 2, 2, 3, 1, buffer, 3, buffer, 2, 0, buffer, 2)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(Transpose.No, Transpose.No, 10, 11, 1, 1, buffer, 1, buffer, 11, 0, buffer, 11)).ParamName);
        Assert.Equal("transA", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm((Transpose)7, Transpose.No, 1, 1, 1, 1, buffer, 1, buffer, 1, 0, buffer, 1)).ParamName);
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(buffer, buffer, buffer, 2, 2, 2, threads: -1)).ParamName);
    }

    /// <summary>α·op(A)·op(B) + β·C in float64, with a per-element error bound 2·(k+2)·u·(|α|·Σ|a||b| + |β·c|), u = 2⁻²⁴.</summary>
    static double[] Reference(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c, out double[] bound)
    {
        var result = new double[m * n];
        bound = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = ta == Transpose.No ? a[i * k + p] : a[p * m + i];
                    double y = tb == Transpose.No ? b[p * n + j] : b[j * k + p];
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }
                double old = beta == 0 ? 0 : (double)beta * c[i * n + j];
                result[i * n + j] = alpha * sum + old;
                bound[i * n + j] = 2 * (k + 2) * Math.Pow(2, -24) * (Math.Abs(alpha) * abs + Math.Abs(old)) + 1e-30;
            }
        return result;
    }

    internal static float[] Random(System.Random rng, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)(rng.NextDouble() * 2 - 1);
        return values;
    }

    static float[] Poisoned(int length)
    {
        var values = new float[length];
        Array.Fill(values, float.NaN);
        return values;
    }
}
