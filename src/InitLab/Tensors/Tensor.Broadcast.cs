using System.Numerics.Tensors;

namespace InitLab.Tensors;

/// <summary>A binary operation in its three span forms (vector–vector, vector–scalar, scalar–vector), so broadcasts run on whole rows.</summary>
internal interface IBinaryOp
{
    static abstract void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d);
    static abstract void Apply(ReadOnlySpan<float> x, float y, Span<float> d);
    static abstract void Apply(float x, ReadOnlySpan<float> y, Span<float> d);
}

public sealed partial class Tensor
{
    /// <summary>x + y with NumPy broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast, or <paramref name="destination"/> is not the broadcast shape.</exception>
    public static Tensor Add(Tensor x, Tensor y, Tensor? destination = null) => Broadcast<AddOp>(x, y, destination);

    /// <summary>x − y with NumPy broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast, or <paramref name="destination"/> is not the broadcast shape.</exception>
    public static Tensor Subtract(Tensor x, Tensor y, Tensor? destination = null) => Broadcast<SubtractOp>(x, y, destination);

    /// <summary>x ⊙ y with NumPy broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast, or <paramref name="destination"/> is not the broadcast shape.</exception>
    public static Tensor Multiply(Tensor x, Tensor y, Tensor? destination = null) => Broadcast<MultiplyOp>(x, y, destination);

    /// <summary>x / y with NumPy broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast, or <paramref name="destination"/> is not the broadcast shape.</exception>
    public static Tensor Divide(Tensor x, Tensor y, Tensor? destination = null) => Broadcast<DivideOp>(x, y, destination);

    /// <summary>max(x, y) elementwise with NumPy broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast, or <paramref name="destination"/> is not the broadcast shape.</exception>
    public static Tensor Maximum(Tensor x, Tensor y, Tensor? destination = null) => Broadcast<MaxOp>(x, y, destination);

    /// <summary>
    /// Sums <paramref name="x"/> down to <paramref name="shape"/>, the inverse of broadcasting <paramref name="shape"/> up to x's shape:
    /// the gradient of a broadcast operand. Axes are summed in index order, so the result is deterministic.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="shape"/> does not broadcast to x's shape.</exception>
    public static Tensor SumTo(Tensor x, params int[] shape)
    {
        var target = new Tensor(shape);
        if (!TensorShape.Broadcast(shape, x._shape).AsSpan().SequenceEqual(x._shape))
            throw new ArgumentException($"Shape {TensorShape.Format(shape)} does not broadcast to {TensorShape.Format(x._shape)}, so x cannot be summed to it.", nameof(shape));
        int rank = x.Rank;
        var outStrides = TensorShape.BroadcastStrides(shape, rank);
        // Inner run: the trailing axes that are all kept (add rows) or all reduced (sum a row into one value).
        int inner = 1, axis = rank;
        bool kept = rank > 0 && outStrides[rank - 1] != 0;
        while (axis > 0 && (outStrides[axis - 1] != 0) == kept)
            inner *= x._shape[--axis];
        ReadOnlySpan<float> source = x.Span;
        var dest = target.Span;
        var index = new int[axis];
        for (int start = 0; start < source.Length; start += inner)
        {
            int at = Offset(index, outStrides);
            var run = source.Slice(start, inner);
            if (kept)
                TensorPrimitives.Add(dest.Slice(at, inner), run, dest.Slice(at, inner));
            else
                dest[at] += TensorPrimitives.Sum(run);
            Increment(index, x._shape);
        }
        return target;
    }

    static Tensor Broadcast<TOp>(Tensor x, Tensor y, Tensor? destination) where TOp : IBinaryOp
    {
        var shape = TensorShape.Broadcast(x._shape, y._shape);
        destination ??= new Tensor(shape);
        if (!destination.Shape.SequenceEqual(shape))
            throw new ArgumentException($"destination has shape {TensorShape.Format(destination._shape)}; the broadcast of the operands is {TensorShape.Format(shape)}.", nameof(destination));
        if (x.SameShape(y))
        {
            TOp.Apply(x.Span, y.Span, destination.Span);
            return destination;
        }
        int rank = shape.Length;
        var xs = TensorShape.BroadcastStrides(x._shape, rank);
        var ys = TensorShape.BroadcastStrides(y._shape, rank);
        // Inner run: trailing axes on which each operand is consistently either read in full or broadcast.
        bool xFull = rank > 0 && xs[rank - 1] != 0, yFull = rank > 0 && ys[rank - 1] != 0;
        int inner = 1, axis = rank;
        while (axis > 0 && (xs[axis - 1] != 0) == xFull && (ys[axis - 1] != 0) == yFull && (xFull || yFull))
            inner *= shape[--axis];
        if (inner == 1)
            axis = rank;
        ReadOnlySpan<float> xv = x.Span, yv = y.Span;
        var dv = destination.Span;
        var index = new int[axis];
        for (int start = 0; start < dv.Length; start += inner)
        {
            int xo = Offset(index, xs), yo = Offset(index, ys);
            var d = dv.Slice(start, inner);
            if (xFull && yFull)
                TOp.Apply(xv.Slice(xo, inner), yv.Slice(yo, inner), d);
            else if (xFull)
                TOp.Apply(xv.Slice(xo, inner), yv[yo], d);
            else if (yFull)
                TOp.Apply(xv[xo], yv.Slice(yo, inner), d);
            else
                TOp.Apply(xv.Slice(xo, 1), yv[yo], d);
            Increment(index, shape);
        }
        return destination;
    }

    /// <summary>Offset of the odometer position <paramref name="index"/> under <paramref name="strides"/> (only the leading index.Length axes).</summary>
    static int Offset(int[] index, int[] strides)
    {
        int offset = 0;
        for (int i = 0; i < index.Length; i++)
            offset += index[i] * strides[i];
        return offset;
    }

    /// <summary>Advances a row-major odometer over the leading index.Length axes of <paramref name="shape"/>.</summary>
    static void Increment(int[] index, ReadOnlySpan<int> shape)
    {
        for (int i = index.Length - 1; i >= 0; i--)
        {
            if (++index[i] < shape[i])
                return;
            index[i] = 0;
        }
    }

    readonly struct AddOp : IBinaryOp
    {
        public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(x, y, d);
        public static void Apply(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Add(x, y, d);
        public static void Apply(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(y, x, d);
    }

    readonly struct SubtractOp : IBinaryOp
    {
        public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
        public static void Apply(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
        public static void Apply(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    }

    readonly struct MultiplyOp : IBinaryOp
    {
        public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
        public static void Apply(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
        public static void Apply(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(y, x, d);
    }

    readonly struct DivideOp : IBinaryOp
    {
        public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
        public static void Apply(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
        public static void Apply(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    }

    readonly struct MaxOp : IBinaryOp
    {
        public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(x, y, d);
        public static void Apply(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Max(x, y, d);
        public static void Apply(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(y, x, d);
    }
}
