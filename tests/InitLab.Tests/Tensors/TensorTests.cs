using InitLab.Tensors;

namespace InitLab.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void Reshape_SharesStorage_AndInfersMinusOne()
    {
        var t = new Tensor(2, 3, 4);
        var view = t.Reshape(6, -1);
        Assert.Equal(new[] { 6, 4 }, view.Shape.ToArray());
        view[5, 3] = 7f;
        Assert.Equal(7f, t[1, 2, 3]);
        Assert.Equal(new[] { 12, 4, 1 }, t.Strides);
        Assert.Throws<ArgumentException>(() => t.Reshape(5, -1, 2));
        Assert.Throws<ArgumentException>(() => t.Reshape(-1, -1));
    }

    [Fact]
    public void Slice_IsAViewOfRowsAlongAxisZero()
    {
        var t = Tensor.FromArray([.. Enumerable.Range(0, 12).Select(i => (float)i)], 4, 3);
        var rows = t.Slice(1, 2);
        Assert.Equal(new[] { 3f, 4f, 5f, 6f, 7f, 8f }, rows.ToArray());
        rows[0, 0] = -1f;
        Assert.Equal(-1f, t[1, 0]);
        Assert.Equal(new[] { 9f, 10f, 11f }, t.At(3).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => t[4, 0]);
    }

    public static TheoryData<int[], int[]> BroadcastPairs => new()
    {
        { [2, 3], [3] }, { [2, 3], [2, 1] }, { [2, 3, 4], [3, 1] }, { [4, 1, 5], [1, 3, 1] }, { [], [3, 2] },
        { [3, 2], [] }, { [2, 3, 4], [2, 3, 4] }, { [1], [5, 1] }, { [2, 1, 3], [3] },
    };

    [Theory]
    [MemberData(nameof(BroadcastPairs))]
    public void BinaryOps_MatchTheNumPyBroadcastDefinition(int[] xShape, int[] yShape)
    {
        var rng = new System.Random(3);
        var x = RandomTensor(rng, xShape);
        var y = RandomTensor(rng, yShape);
        foreach (var (op, f) in new (Func<Tensor, Tensor, Tensor?, Tensor>, Func<float, float, float>)[]
                 {
                     (Tensor.Add, (p, q) => p + q), (Tensor.Subtract, (p, q) => p - q), (Tensor.Multiply, (p, q) => p * q),
                     (Tensor.Divide, (p, q) => p / q), (Tensor.Maximum, Math.Max),
                 })
        {
            var result = op(x, y, null);
            var expected = NaiveBroadcast(x, y, f, out var shape);
            Assert.Equal(shape, result.Shape.ToArray());
            Assert.Equal(expected, result.ToArray());
        }
    }

    [Fact]
    public void Broadcast_RejectsIncompatibleShapes_NamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Add(new Tensor(2, 3), new Tensor(4)));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Theory]
    [MemberData(nameof(BroadcastPairs))]
    public void SumTo_SumsEveryBroadcastCopyBackToTheOperand(int[] xShape, int[] yShape)
    {
        var full = TensorShapeOf(xShape, yShape);
        var rng = new System.Random(4);
        var g = RandomTensor(rng, full);
        foreach (var shape in new[] { xShape, yShape })
        {
            var reduced = Tensor.SumTo(g, shape);
            // ⟨SumTo(g), v⟩ = ⟨g, broadcast(v)⟩ for every v: check it with v = each basis vector.
            var expected = new double[reduced.Length];
            var basis = new Tensor(shape);
            for (int i = 0; i < expected.Length; i++)
            {
                basis.Span.Clear();
                basis.Span[i] = 1f;
                var spread = Tensor.Multiply(basis, Tensor.Full(1f, full));
                expected[i] = Enumerable.Range(0, g.Length).Sum(j => (double)g.Span[j] * spread.Span[j]);
            }
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i], reduced.Span[i], 1e-4);
        }
        Assert.Throws<ArgumentException>(() => Tensor.SumTo(g, 7));
    }

    [Fact]
    public void AxisReductions_MatchLoops()
    {
        var x = RandomTensor(new System.Random(6), [3, 4, 5]);
        for (int axis = 0; axis < 3; axis++)
        {
            var sum = Tensor.Sum(x, axis);
            var mean = Tensor.Mean(x, axis, keepDims: true);
            var max = Tensor.Max(x, axis);
            int[] dims = [3, 4, 5];
            int size = dims[axis];
            dims[axis] = 1;
            Assert.Equal(dims, mean.Shape.ToArray());
            int k = 0;
            for (int i = 0; i < dims[0]; i++)
                for (int j = 0; j < dims[1]; j++)
                    for (int l = 0; l < dims[2]; l++, k++)
                    {
                        var lane = Enumerable.Range(0, size).Select(s => x[axis == 0 ? s : i, axis == 1 ? s : j, axis == 2 ? s : l]).ToArray();
                        Assert.Equal(lane.Sum(v => (double)v), sum.Span[k], 1e-5);
                        Assert.Equal(lane.Average(v => (double)v), mean.Span[k], 1e-5);
                        Assert.Equal(lane.Max(), max.Span[k]);
                    }
        }
        Assert.Equal(x.ToArray().Sum(v => (double)v), Tensor.Sum(x), 1e-4);
    }

    [Fact]
    public void SoftmaxAndLogSoftmax_MatchTheDefinition_AndStayFiniteForLargeInputs()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 1000f, 1001f, 999f], 2, 3);
        var soft = Tensor.Softmax(x);
        var log = Tensor.LogSoftmax(x);
        double[] row = [1, 2, 3];
        double z = row.Sum(Math.Exp);
        for (int r = 0; r < 2; r++)
            for (int j = 0; j < 3; j++)
            {
                double shifted = r == 0 ? row[j] : new[] { 1.0, 2.0, 0.0 }[j] + 1;
                double expected = Math.Exp(shifted) / z;
                Assert.Equal(expected, soft[r, j], 1e-5);
                Assert.Equal(Math.Log(expected), log[r, j], 1e-5);
            }
        Assert.Equal(new[] { 2, 1 }, Tensor.ArgMaxRows(x));
    }

    [Fact]
    public void MatMul_MatchesLoops_ForEachTransposition()
    {
        var rng = new System.Random(8);
        var a = RandomTensor(rng, [5, 7]);
        var b = RandomTensor(rng, [7, 3]);
        var bt = RandomTensor(rng, [3, 7]);
        var c = Tensor.MatMul(a, b);
        var ct = Tensor.MatMul(a, bt, transposeB: true);
        var ca = Tensor.MatMul(a, a, transposeA: true);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(Enumerable.Range(0, 7).Sum(p => (double)a[i, p] * b[p, j]), c[i, j], 1e-5);
                Assert.Equal(Enumerable.Range(0, 7).Sum(p => (double)a[i, p] * bt[j, p]), ct[i, j], 1e-5);
            }
        Assert.Equal(Enumerable.Range(0, 5).Sum(p => (double)a[p, 2] * a[p, 6]), ca[2, 6], 1e-5);
        Assert.Throws<ArgumentException>(() => Tensor.MatMul(a, a));
    }

    [Fact]
    public void ElementwiseOps_MatchScalarDefinitions()
    {
        var x = Tensor.FromArray([-2f, -0.5f, 0f, 0.5f, 3f], 5);
        var g = Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 5);
        Assert.Equal(new[] { 0f, 0f, 0f, 0.5f, 3f }, Tensor.Relu(x).ToArray());
        Assert.Equal(new[] { 0f, 0f, 0f, 4f, 5f }, Tensor.ReluBackward(g, x).ToArray());
        Assert.Equal(x.ToArray().Select(v => MathF.Tanh(v)).ToArray(), Tensor.Tanh(x).ToArray(), (p, q) => Math.Abs(p - q) < 1e-6f);
        Assert.Equal(x.ToArray().Select(v => 1f / (1f + MathF.Exp(-v))).ToArray(), Tensor.Sigmoid(x).ToArray(), (p, q) => Math.Abs(p - q) < 1e-6f);
        Assert.Equal(new[] { -4f, -1f, 0f, 1f, 6f }, Tensor.Scale(x, 2f).ToArray());
        var acc = g.Clone();
        Tensor.AddScaled(acc, x, -1f);
        Assert.Equal(new[] { 3f, 2.5f, 3f, 3.5f, 2f }, acc.ToArray());
        Tensor.Exp(x, destination: x);
        Assert.Equal(MathF.Exp(3f), x[4], 1e-4);
    }

    static int[] TensorShapeOf(int[] a, int[] b) =>
        Tensor.Add(new Tensor(a), new Tensor(b)).Shape.ToArray();

    static Tensor RandomTensor(System.Random rng, int[] shape)
    {
        var t = new Tensor(shape);
        for (int i = 0; i < t.Length; i++)
            t.Span[i] = (float)(rng.NextDouble() * 4 - 2);
        return t;
    }

    /// <summary>out[i] = f(x[i'], y[i'']) with i', i'' the right-aligned indices clamped to 0 on size-1 axes.</summary>
    static float[] NaiveBroadcast(Tensor x, Tensor y, Func<float, float, float> f, out int[] shape)
    {
        int rank = Math.Max(x.Rank, y.Rank);
        shape = new int[rank];
        for (int i = 0; i < rank; i++)
            shape[i] = Math.Max(Dim(x, i, rank), Dim(y, i, rank));
        int count = shape.Aggregate(1, (p, q) => p * q);
        var result = new float[count];
        var index = new int[rank];
        for (int flat = 0; flat < count; flat++)
        {
            int rem = flat;
            for (int i = rank - 1; i >= 0; i--)
            {
                index[i] = rem % shape[i];
                rem /= shape[i];
            }
            result[flat] = f(x.Span[Flat(x, index)], y.Span[Flat(y, index)]);
        }
        return result;
    }

    static int Dim(Tensor t, int i, int rank) => i < rank - t.Rank ? 1 : t.Shape[i - (rank - t.Rank)];

    static int Flat(Tensor t, int[] index)
    {
        int flat = 0, pad = index.Length - t.Rank;
        for (int i = 0; i < t.Rank; i++)
            flat = flat * t.Shape[i] + (t.Shape[i] == 1 ? 0 : index[i + pad]);
        return flat;
    }
}
