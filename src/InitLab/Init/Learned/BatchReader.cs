using InitLab.Data;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Init.Learned;

/// <summary>Labelled batches of a fixed size read from a training set in the run's shuffle order of epochs 1, 2, … (<see cref="Shuffle"/>).</summary>
/// <remarks>A batch that would straddle two epochs starts the next epoch instead, so every batch holds distinct images.</remarks>
public sealed class BatchReader
{
    readonly Dataset _data;
    readonly IReadOnlyList<int> _shape;
    readonly ulong _seed;
    int _epoch = -1, _position;
    int[] _order = [];

    /// <summary>Reads <paramref name="half"/> images at a time from <paramref name="data"/>, shaped [half, …<paramref name="sampleShape"/>].</summary>
    /// <exception cref="ArgumentException">The dataset has fewer images than one batch.</exception>
    public BatchReader(Dataset data, IReadOnlyList<int> sampleShape, ulong seed, int half)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _shape = sampleShape ?? throw new ArgumentNullException(nameof(sampleShape));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(half);
        if (half > data.Count)
            throw new ArgumentException($"--init-batch needs {half} images per half-batch; {data.Name} has {data.Count}.", nameof(half));
        (_seed, Half) = (seed, half);
    }

    /// <summary>Images per batch.</summary>
    public int Half { get; }

    /// <summary>The next batch.</summary>
    public (Tensor Images, int[] Labels) Next()
    {
        if (_epoch < 0 || _position + Half > _order.Length)
        {
            _order = Shuffle.Permutation(_seed, ++_epoch, _data.Count);
            _position = 0;
        }
        var images = new Tensor([Half, .. _shape]);
        var labels = new int[Half];
        _data.Gather(_order.AsSpan(_position, Half), images.Span, labels);
        _position += Half;
        return (images, labels);
    }

    /// <summary>The batch of <paramref name="a"/>'s images followed by <paramref name="b"/>'s.</summary>
    public static Tensor Concat(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var joined = new Tensor([a.Dim(0) + b.Dim(0), .. a.Shape.ToArray()[1..]]);
        a.Span.CopyTo(joined.Span);
        b.Span.CopyTo(joined.Span[a.Length..]);
        return joined;
    }
}
