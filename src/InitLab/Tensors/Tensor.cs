using InitLab.Validation;

namespace InitLab.Tensors;

/// <summary>
/// A dense float32 tensor: a contiguous, row-major window of a <c>float[]</c> with a shape.
/// </summary>
/// <remarks>
/// Views share storage: <see cref="Reshape"/> and <see cref="Slice"/> (a range along axis 0) stay contiguous, so every
/// tensor is one span (<see cref="Span"/>) and every kernel can take spans. Strides are always the row-major ones
/// (<see cref="Strides"/>). Operations that would need a non-contiguous view (a transpose) copy instead.
/// Writing through one view is visible through every tensor that shares its storage.
/// </remarks>
public sealed partial class Tensor
{
    readonly float[] _data;
    readonly int _offset;
    readonly int[] _shape;

    /// <summary>A zero-filled tensor of the given shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or the element count exceeds an array's.</exception>
    public Tensor(params int[] shape)
        : this(new float[TensorShape.Count(shape)], 0, (int[])shape.Clone())
    {
    }

    Tensor(float[] data, int offset, int[] shape)
    {
        _data = data;
        _offset = offset;
        _shape = shape;
        Length = TensorShape.Count(shape);
    }

    /// <summary>Wraps <paramref name="data"/> without copying; its length must equal the shape's element count.</summary>
    /// <exception cref="ArgumentException">The length does not match the shape.</exception>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int count = TensorShape.Count(shape);
        if (data.Length != count)
            throw new ArgumentException($"data has {data.Length} elements but shape {TensorShape.Format(shape)} needs {count}.", nameof(data));
        return new Tensor(data, 0, (int[])shape.Clone());
    }

    /// <summary>A new tensor of the given shape with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A zero-filled tensor with the shape of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => new(like._shape);

    /// <summary>The elements, row-major.</summary>
    public Span<float> Span => _data.AsSpan(_offset, Length);

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Row-major strides in elements (the last is 1).</summary>
    public int[] Strides => TensorShape.Strides(_shape);

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Size of dimension <paramref name="axis"/> (−1 = last).</summary>
    public int Dim(int axis) => _shape[TensorShape.Axis(axis, Rank)];

    /// <summary>Whether two tensors have the same shape.</summary>
    public bool SameShape(Tensor other) => Shape.SequenceEqual(other.Shape);

    /// <summary>The element at a full index.</summary>
    public float this[params int[] index]
    {
        get => _data[_offset + Flat(index)];
        set => _data[_offset + Flat(index)] = value;
    }

    /// <summary>A view with a new shape and the same elements; one dimension may be −1 and is inferred.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs, or more than one dimension is −1.</exception>
    public Tensor Reshape(params int[] shape)
    {
        var resolved = (int[])shape.Clone();
        int infer = Array.IndexOf(resolved, -1);
        if (infer >= 0)
        {
            if (Array.IndexOf(resolved, -1, infer + 1) >= 0)
                throw new ArgumentException($"Reshape to {TensorShape.Format(shape)}: at most one dimension may be −1.", nameof(shape));
            resolved[infer] = 1;
            int known = TensorShape.Count(resolved);
            resolved[infer] = known == 0 ? 0 : Length / known;
        }
        if (TensorShape.Count(resolved) != Length)
            throw new ArgumentException($"Cannot reshape {TensorShape.Format(_shape)} ({Length} elements) to {TensorShape.Format(shape)}.", nameof(shape));
        return new Tensor(_data, _offset, resolved);
    }

    /// <summary>A view of rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) along axis 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside axis 0, or the tensor is a scalar.</exception>
    public Tensor Slice(int start, int length)
    {
        if (Rank == 0)
            throw Guard.OutOfRange("rank", 0, "Slice needs a tensor of rank ≥ 1");
        if (start < 0 || length < 0 || start > _shape[0] - length)
            throw Guard.OutOfRange(nameof(start), start, $"the range [{start}, {start}+{length}) must lie in axis 0 of size {_shape[0]}");
        var shape = (int[])_shape.Clone();
        shape[0] = length;
        int rowLength = _shape[0] == 0 ? 0 : Length / _shape[0];
        return new Tensor(_data, _offset + start * rowLength, shape);
    }

    /// <summary>The sub-tensor at index <paramref name="i"/> of axis 0, as a view of rank − 1.</summary>
    public Tensor At(int i) => Slice(i, 1).Reshape(_shape[1..]);

    /// <summary>A copy with its own storage.</summary>
    public Tensor Clone()
    {
        var copy = new Tensor(_shape);
        Span.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>Copies the elements into <paramref name="destination"/>, which must have the same shape.</summary>
    public void CopyTo(Tensor destination)
    {
        RequireSameShape(this, destination, nameof(destination));
        Span.CopyTo(destination.Span);
    }

    /// <summary>The elements as a new array.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <inheritdoc/>
    public override string ToString() => $"Tensor{TensorShape.Format(_shape)}";

    int Flat(int[] index)
    {
        if (index.Length != Rank)
            throw Guard.OutOfRange(nameof(index), TensorShape.Format(index), $"it needs {Rank} coordinates for shape {TensorShape.Format(_shape)}");
        int flat = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)_shape[i])
                throw Guard.OutOfRange(nameof(index), TensorShape.Format(index), $"coordinate {i} must be in [0, {_shape[i]})");
            flat = flat * _shape[i] + index[i];
        }
        return flat;
    }

    internal static void RequireSameShape(Tensor a, Tensor b, string name)
    {
        if (!a.SameShape(b))
            throw new ArgumentException($"{name} has shape {TensorShape.Format(b._shape)}; it must be {TensorShape.Format(a._shape)}.", name);
    }
}
