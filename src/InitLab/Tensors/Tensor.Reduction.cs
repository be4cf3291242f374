using System.Numerics.Tensors;

namespace InitLab.Tensors;

public sealed partial class Tensor
{
    /// <summary>Σ x over every element.</summary>
    public static float Sum(Tensor x) => TensorPrimitives.Sum(x.Span);

    /// <summary>The mean of every element (NaN for an empty tensor).</summary>
    public static float Mean(Tensor x) => x.Length == 0 ? float.NaN : TensorPrimitives.Sum(x.Span) / x.Length;

    /// <summary>Sums along <paramref name="axis"/>; with <paramref name="keepDims"/> the axis stays with size 1.</summary>
    /// <remarks>Rows are added in index order, so the result is deterministic.</remarks>
    public static Tensor Sum(Tensor x, int axis, bool keepDims = false) =>
        Reduce(x, axis, keepDims, static (row, acc) => TensorPrimitives.Add(acc, row, acc), TensorPrimitives.Sum);

    /// <summary>Means along <paramref name="axis"/>; with <paramref name="keepDims"/> the axis stays with size 1.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDims = false)
    {
        var sum = Sum(x, axis, keepDims);
        TensorPrimitives.Multiply(sum.Span, 1f / x.Dim(axis), sum.Span);
        return sum;
    }

    /// <summary>The maximum along <paramref name="axis"/> (NaN if any element of a lane is NaN); with <paramref name="keepDims"/> the axis stays with size 1.</summary>
    /// <exception cref="ArgumentException">The axis has size 0.</exception>
    public static Tensor Max(Tensor x, int axis, bool keepDims = false)
    {
        if (x.Dim(axis) == 0)
            throw new ArgumentException($"Max over axis {axis} of {x} is undefined: the axis is empty.", nameof(axis));
        return Reduce(x, axis, keepDims, static (row, acc) => TensorPrimitives.Max(acc, row, acc), TensorPrimitives.Max, float.NegativeInfinity);
    }

    /// <summary>The index of the maximum along the last axis, for each row of a [rows, n] view (the first index on ties).</summary>
    /// <exception cref="ArgumentException">The tensor is a scalar or its last axis is empty.</exception>
    public static int[] ArgMaxRows(Tensor x)
    {
        if (x.Rank == 0 || x.Dim(-1) == 0)
            throw new ArgumentException($"ArgMaxRows needs a tensor with a non-empty last axis; got {x}.", nameof(x));
        int n = x.Dim(-1), rows = x.Length / n;
        var result = new int[rows];
        ReadOnlySpan<float> data = x.Span;
        for (int r = 0; r < rows; r++)
            result[r] = TensorPrimitives.IndexOfMax(data.Slice(r * n, n));
        return result;
    }

    /// <summary>softmax over the last axis: exp(xᵢ − max x) / Σⱼ exp(xⱼ − max x), row by row.</summary>
    /// <remarks>TensorPrimitives.SoftMax does not subtract the maximum and overflows for x ≳ 88, so the shift is done here.</remarks>
    public static Tensor Softmax(Tensor x, Tensor? destination = null) => Rows(x, destination, static (s, d) =>
    {
        TensorPrimitives.Subtract(s, TensorPrimitives.Max(s), d);
        TensorPrimitives.Exp(d, d);
        TensorPrimitives.Divide(d, TensorPrimitives.Sum(d), d);
    });

    /// <summary>log-softmax over the last axis: xᵢ − max x − ln Σⱼ exp(xⱼ − max x), row by row (stable for large |x|).</summary>
    public static Tensor LogSoftmax(Tensor x, Tensor? destination = null) => Rows(x, destination, static (s, d) =>
    {
        float max = TensorPrimitives.Max(s);
        TensorPrimitives.Subtract(s, max, d);
        float logSum = 0;
        foreach (float v in d)
            logSum += MathF.Exp(v);
        TensorPrimitives.Subtract(d, MathF.Log(logSum), d);
    });

    static Tensor Rows(Tensor x, Tensor? destination, UnaryKernel rowKernel)
    {
        if (x.Rank == 0 || x.Dim(-1) == 0)
            throw new ArgumentException($"A row operation needs a tensor with a non-empty last axis; got {x}.", nameof(x));
        destination ??= ZerosLike(x);
        RequireSameShape(x, destination, nameof(destination));
        int n = x.Dim(-1);
        for (int start = 0; start < x.Length; start += n)
            rowKernel(x.Span.Slice(start, n), destination.Span.Slice(start, n));
        return destination;
    }

    /// <summary>
    /// Reduces axis <paramref name="axis"/> of x viewed as [outer, size, inner]: with inner &gt; 1 each of the size rows
    /// is combined into the accumulator by <paramref name="combine"/>; with inner = 1 each lane is reduced by <paramref name="whole"/>.
    /// </summary>
    static Tensor Reduce(Tensor x, int axis, bool keepDims, UnaryKernel combine, Func<ReadOnlySpan<float>, float> whole, float identity = 0)
    {
        axis = TensorShape.Axis(axis, x.Rank);
        int size = x._shape[axis];
        int inner = TensorShape.Count(x._shape.AsSpan(axis + 1));
        int outer = TensorShape.Count(x._shape.AsSpan(0, axis));
        var shape = keepDims ? (int[])x._shape.Clone() : [.. x._shape[..axis], .. x._shape[(axis + 1)..]];
        if (keepDims)
            shape[axis] = 1;
        var result = new Tensor(shape);
        ReadOnlySpan<float> source = x.Span;
        var dest = result.Span;
        for (int o = 0; o < outer; o++)
        {
            var lane = source.Slice(o * size * inner, size * inner);
            if (inner == 1)
            {
                dest[o] = size == 0 ? identity : whole(lane);
                continue;
            }
            var acc = dest.Slice(o * inner, inner);
            if (size == 0)
            {
                acc.Fill(identity);
                continue;
            }
            lane[..inner].CopyTo(acc);
            for (int s = 1; s < size; s++)
                combine(lane.Slice(s * inner, inner), acc);
        }
        return result;
    }
}
