using InitLab.Validation;

namespace InitLab.Tensors;

/// <summary>Shape arithmetic shared by <see cref="Tensor"/> and its operations: element counts, row-major strides and broadcasting.</summary>
internal static class TensorShape
{
    /// <summary>The element count of <paramref name="shape"/>, after checking every dimension is ≥ 0 and the count fits an array.</summary>
    public static int Count(ReadOnlySpan<int> shape, string name = "shape")
    {
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
                throw Guard.OutOfRange(name, Format(shape), $"dimension {i} is {shape[i]}; every dimension must be ≥ 0");
            count *= shape[i];
            if (count > Array.MaxLength)
                throw Guard.OutOfRange(name, Format(shape), $"it holds more than {Array.MaxLength} elements");
        }
        return (int)count;
    }

    /// <summary>Row-major strides in elements: the last axis has stride 1.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    /// <summary>Resolves a possibly negative axis (−1 = last) against <paramref name="rank"/>.</summary>
    public static int Axis(int axis, int rank)
    {
        if (axis < -rank || axis >= rank)
            throw Guard.OutOfRange(nameof(axis), axis, $"it must be in [{-rank}, {rank - 1}] for a rank-{rank} tensor");
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>The NumPy broadcast of two shapes: align on the right; each pair of dimensions must be equal or contain a 1.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = Dim(a, i, rank), db = Dim(b, i, rank);
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} do not broadcast: axis {i} of the result has sizes {da} and {db}; they must be equal or one of them 1.");
            shape[i] = da == 1 ? db : da;
        }
        return shape;
    }

    /// <summary>Strides of <paramref name="shape"/> read as the right-aligned <paramref name="rank"/>-dimensional broadcast: 0 on broadcast axes.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, int rank)
    {
        var own = Strides(shape);
        var strides = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int j = i - (rank - shape.Length);
            strides[i] = j < 0 || shape[j] == 1 ? 0 : own[j];
        }
        return strides;
    }

    /// <summary>Dimension <paramref name="i"/> of <paramref name="shape"/> right-aligned to <paramref name="rank"/> (1 where it is padded).</summary>
    public static int Dim(ReadOnlySpan<int> shape, int i, int rank)
    {
        int j = i - (rank - shape.Length);
        return j < 0 ? 1 : shape[j];
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
