using InitLab.Autograd;
using InitLab.Compute;
using InitLab.Numerics;
using InitLab.Tensors;

namespace InitLab.Tests.Autograd;

/// <summary>Linear and convolution products under <see cref="Precision.Bf16"/>: bfloat16 operands, float32 accumulation.</summary>
public class MixedPrecisionTests
{
    const int M = 7, N = 19, K = 300;

    /// <summary>((i·a + p·b) mod modulus − ⌊modulus/2⌋) / divisor in float32: bench/peers/bf16.py builds the same floats.</summary>
    static float[] Operand(int rows, int cols, int a, int b, int modulus, int divisor)
    {
        var values = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int p = 0; p < cols; p++)
                values[i * cols + p] = (float)((i * a + p * b) % modulus - modulus / 2) / divisor;
        return values;
    }

    static float[] X => Operand(M, K, 131, 71, 199, 61);
    static float[] W => Operand(N, K, 37, 113, 211, 997);
    static float[] B => Operand(1, N, 0, 29, 101, 73);

    // From `/usr/bin/python3 bench/peers/bf16.py` (torch 1.13): F.linear(x.bfloat16(), w.bfloat16(), b.bfloat16()) for X, W, B, row-major bits.
    static readonly ushort[] TorchLinear =
    [
        0x3FAA, 0xC024, 0x3EDF, 0x3F9E, 0xBFA5, 0x3E5D, 0xBF10, 0xBF84, 0x3FA4, 0xBF51, 0xBF72, 0x400E, 0xBCC6, 0xBF9D, 0x3F77, 0xBF5A, 0x3ADA, 0x3FD1, 0xC02C,
        0x3E05, 0xBF29, 0xBD79, 0x3E40, 0xBFA7, 0x3FBB, 0x3E06, 0xC02F, 0x3FFE, 0x3EEA, 0xBF6E, 0x3F42, 0xBF6A, 0x3E94, 0x3F80, 0xC013, 0x3E94, 0x402E, 0xBFDA,
        0xBED5, 0xBFC7, 0x3FBA, 0x3F92, 0xC030, 0x3FA4, 0x3F41, 0xBFE1, 0x3FA0, 0xBF89, 0x3ECC, 0x3FA5, 0xBFED, 0xBE99, 0x3FD6, 0xBF85, 0xBF5C, 0x3F82, 0xBF46,
        0x3F12, 0xC027, 0x3F8F, 0x3F17, 0xBF9C, 0x3F83, 0xBF8A, 0xBF53, 0x400D, 0xBF9E, 0xBF2A, 0x3FED, 0xBEB5, 0xBF56, 0x3C61, 0xBF89, 0x3F01, 0x3FC0, 0xC032,
        0xBF46, 0xBEFB, 0x3F98, 0xBF66, 0xBFA8, 0x4023, 0xBEDC, 0xC00E, 0x3FC1, 0xBE9B, 0xBF21, 0x3F48, 0xBF97, 0x3F8D, 0x3F57, 0xC02F, 0x3F6D, 0x3FDB, 0xBFD0,
        0xBFB9, 0xBFB1, 0x4035, 0x3E96, 0xC01A, 0x3FBD, 0x3DE5, 0xBF9A, 0x3F6F, 0xBFC6, 0x3F8D, 0x3FEB, 0xC00B, 0x3F17, 0x3EA3, 0xBF96, 0x3E54, 0xBE08, 0xBF35,
        0xBE85, 0xC026, 0x3FA3, 0x3E76, 0xBF3B, 0x3FD5, 0xBFD0, 0xBF09, 0x4029, 0xBFAA, 0x3D79, 0x3F2C, 0xBF2E, 0xBEA8, 0xBF31, 0xBF6C, 0x3FBE, 0x3F18, 0xC035,
    ];

    static float R(float value) => Bf16Rounding.Round(value);

    static double Bf16Ulp(double value) => Math.Pow(2, Math.Floor(Math.Log2(Math.Max(Math.Abs(value), Math.Pow(2, -126)))) - 7);

    /// <summary>
    /// Asserts |actual − exact| ≤ ½·ulp_bf16 + e when <paramref name="roundedOutput"/> (the output is a rounded float32 sum), else
    /// |actual − exact| ≤ e, with e = (terms + 1)·2⁻²⁴·Σ|terms|, the float32 accumulation bound (Higham, "Accuracy and Stability
    /// of Numerical Algorithms", §3.1). The operands' own rounding errors (2⁻⁹ relative each) are far above e.
    /// </summary>
    static void AssertClose(string what, int index, double exact, double magnitude, int terms, float actual, bool roundedOutput)
    {
        double e = (terms + 1) * Math.Pow(2, -24) * magnitude;
        double bound = roundedOutput ? 0.5 * Bf16Ulp(Math.Abs(exact) + e) + e : e;
        Assert.True(Math.Abs(actual - exact) <= bound, $"{what}[{index}] = {actual:R}, the float64 product of the bfloat16 operands is {exact:R} (bound {bound:E2})");
    }

    /// <summary>dW[j, p] = Σ_i dy[i, j]·bf16(x[i, p]) in float64, with Σ|terms| (dy already rounded).</summary>
    static (double Exact, double Magnitude) WeightGradient(float[] dy, float[] x, int j, int p)
    {
        double exact = 0, magnitude = 0;
        for (int i = 0; i < M; i++)
        {
            double term = (double)dy[i * N + j] * R(x[i * K + p]);
            (exact, magnitude) = (exact + term, magnitude + Math.Abs(term));
        }
        return (exact, magnitude);
    }

    static (Tape Tape, Variable X, Variable W, Variable B, Variable Y) Linear(Precision precision, float[] x, float[] w, float[] b)
    {
        var tape = new Tape(threads: 1) { Precision = precision };
        var (vx, vw, vb) = (new Variable(Tensor.FromArray(x, M, K), true), new Variable(Tensor.FromArray(w, N, K), true), new Variable(Tensor.FromArray(b, N), true));
        var y = Ops.Linear(tape, "fc", vx, vw, vb);
        // A loss whose output gradient dy = 2(y − t)/n has many significant bits, so its rounding matters.
        var target = Tensor.FromArray([.. Enumerable.Range(0, M * N).Select(i => (float)Math.Sin(i))], M, N);
        tape.Backward(Ops.MeanSquaredError(tape, "mse", y, target));
        return (tape, vx, vw, vb, y);
    }

    [Fact]
    public void Linear_Bf16_ForwardAndBackward_MatchTheFloat64ProductsOfTheRoundedOperands()
    {
        var (x, w, b) = (X, W, B);
        var (_, vx, vw, vb, y) = Linear(Precision.Bf16, x, w, b);
        var ys = y.Value.ToArray();
        Assert.Equal(ys.Select(R), ys); // the output is bfloat16
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
            {
                double exact = R(b[j]), magnitude = Math.Abs(R(b[j]));
                for (int p = 0; p < K; p++)
                {
                    exact += (double)R(x[i * K + p]) * R(w[j * K + p]);
                    magnitude += Math.Abs((double)R(x[i * K + p]) * R(w[j * K + p]));
                }
                AssertClose("y", i * N + j, exact, magnitude, K + 1, ys[i * N + j], roundedOutput: true);
            }
        var dy = y.Grad!.ToArray().Select(R).ToArray();
        var (dx, dw, db) = (vx.Grad!.ToArray(), vw.Grad!.ToArray(), vb.Grad!.ToArray());
        for (int j = 0; j < N; j++)
        {
            for (int p = 0; p < K; p++)
            {
                var (exact, magnitude) = WeightGradient(dy, x, j, p);
                AssertClose("dW", j * K + p, exact, magnitude, M, dw[j * K + p], roundedOutput: false);
            }
            double sum = 0, size = 0;
            for (int i = 0; i < M; i++)
                (sum, size) = (sum + dy[i * N + j], size + Math.Abs(dy[i * N + j]));
            AssertClose("db", j, sum, size, M, db[j], roundedOutput: false);
        }
        for (int i = 0; i < M; i++)
            for (int p = 0; p < K; p++)
            {
                double exact = 0, magnitude = 0;
                for (int j = 0; j < N; j++)
                {
                    exact += (double)dy[i * N + j] * R(w[j * K + p]);
                    magnitude += Math.Abs((double)dy[i * N + j] * R(w[j * K + p]));
                }
                AssertClose("dx", i * K + p, exact, magnitude, N, dx[i * K + p], roundedOutput: false);
            }
    }

    [Fact]
    public void Linear_Fp32_DoesNotMeetTheBf16Bound_SoTheBoundTellsThePrecisionsApart()
    {
        var (x, w, b) = (X, W, B);
        var (_, _, vw, _, y) = Linear(Precision.Fp32, x, w, b);
        var dy = y.Grad!.ToArray().Select(R).ToArray();
        var dw = vw.Grad!.ToArray();
        int outside = 0;
        for (int j = 0; j < N; j++)
            for (int p = 0; p < K; p++)
            {
                var (exact, magnitude) = WeightGradient(dy, x, j, p);
                if (Math.Abs(dw[j * K + p] - exact) > (M + 1) * Math.Pow(2, -24) * magnitude)
                    outside++;
            }
        Assert.True(outside > N * K / 2, $"only {outside} of {N * K} float32 weight-gradient elements are outside the bfloat16 bound");
    }

    [Fact]
    public void Linear_Bf16_MatchesTorchBfloat16Linear_ToOneUnitInTheLastPlace()
    {
        var (_, _, _, _, y) = Linear(Precision.Bf16, X, W, B);
        var ours = y.Value.ToArray().Select(v => (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)).ToArray();
        int exact = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            // Same sign and at most one step apart: torch accumulates in another order, so a sum near a rounding boundary may land on the other side.
            Assert.True(Math.Abs(ours[i] - TorchLinear[i]) <= 1 && (ours[i] & 0x8000) == (TorchLinear[i] & 0x8000),
                $"y[{i}]: ours 0x{ours[i]:X4}, torch 0x{TorchLinear[i]:X4}");
            exact += ours[i] == TorchLinear[i] ? 1 : 0;
        }
        Assert.True(exact >= ours.Length * 9 / 10, $"only {exact} of {ours.Length} outputs equal torch's bits");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    public void Conv2d_Bf16_Forward_MatchesTheFloat64ConvolutionOfTheRoundedOperands(int stride, int padding)
    {
        const int n = 2, c = 3, h = 7, wd = 6, co = 4, kh = 3, kw = 3;
        var x = Operand(n * c * h, wd, 17, 5, 89, 23);
        var w = Operand(co * c * kh, kw, 13, 7, 61, 37);
        var b = Operand(1, co, 0, 11, 31, 19);
        var tape = new Tape(threads: 1) { Precision = Precision.Bf16 };
        var y = Ops.Conv2d(tape, "conv", new Variable(Tensor.FromArray(x, n, c, h, wd), false), new Variable(Tensor.FromArray(w, co, c, kh, kw), false),
            new Variable(Tensor.FromArray(b, co), false), stride, padding);
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1;
        Assert.Equal(new[] { n, co, oh, ow }, y.Value.Shape.ToArray());
        var ys = y.Value.ToArray();
        for (int s = 0; s < n; s++)
            for (int o = 0; o < co; o++)
                for (int r = 0; r < oh; r++)
                    for (int q = 0; q < ow; q++)
                    {
                        double exact = R(b[o]), magnitude = Math.Abs(R(b[o]));
                        for (int ci = 0; ci < c; ci++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int row = r * stride + u - padding, col = q * stride + v - padding;
                                    if (row < 0 || row >= h || col < 0 || col >= wd)
                                        continue;
                                    double term = (double)R(x[((s * c + ci) * h + row) * wd + col]) * R(w[((o * c + ci) * kh + u) * kw + v]);
                                    (exact, magnitude) = (exact + term, magnitude + Math.Abs(term));
                                }
                        int at = ((s * co + o) * oh + r) * ow + q;
                        AssertClose("y", at, exact, magnitude, c * kh * kw + 1, ys[at], roundedOutput: true);
                    }
    }

    [Fact]
    public void Fp32Tape_IsTheDefault_AndLeavesLinearOutputsUnrounded()
    {
        Assert.Equal(Precision.Fp32, new Tape(1).Precision);
        var (_, _, _, _, y) = Linear(Precision.Fp32, X, W, B);
        Assert.Contains(y.Value.ToArray(), v => R(v) != v);
    }
}
