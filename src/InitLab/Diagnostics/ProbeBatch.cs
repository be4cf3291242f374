using InitLab.Data;
using InitLab.Random;
using InitLab.Tensors;

namespace InitLab.Diagnostics;

/// <summary>A batch to probe a model with: its inputs [B, …], its labels when it has them, and where it came from.</summary>
/// <param name="Input">The inputs, sample-major.</param>
/// <param name="Labels">Class labels, or null for synthetic inputs.</param>
/// <param name="Origin">A short description, e.g. <c>N(0, 1)</c> or <c>embedded (first 1000 training images)</c>.</param>
public sealed record ProbeBatch(Tensor Input, int[]? Labels, string Origin)
{
    /// <summary>The stream of the probed batch.</summary>
    public const string InputStream = "probe.input";

    /// <summary>B samples of i.i.d. N(0, 1) values, drawn from <c>RandomStream(seed, stream)</c>.</summary>
    /// <param name="batch">B ≥ 1.</param>
    /// <param name="sampleShape">The shape of one sample, e.g. [500] or [1, 28, 28].</param>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream's name; batches from different names are independent (<see cref="InputStream"/> for the probed batch).</param>
    public static ProbeBatch Gaussian(int batch, IReadOnlyList<int> sampleShape, ulong seed, string stream = InputStream)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentNullException.ThrowIfNull(sampleShape);
        var input = new Tensor([batch, .. sampleShape]);
        Fill.Normal(input.Span, new RandomStream(seed, stream), 0, 1);
        return new ProbeBatch(input, null, "N(0, 1)");
    }

    /// <summary>The first B images of <paramref name="data"/> (normalized as the dataset says), in the sample shape the model expects.</summary>
    /// <exception cref="ArgumentException">The dataset has fewer than B images, or an image does not have the sample shape's element count.</exception>
    public static ProbeBatch From(Dataset data, int batch, IReadOnlyList<int> sampleShape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (batch > data.Count)
            throw new ArgumentException($"--batch = {batch} exceeds the {data.Count} images of {data.Name}.", nameof(batch));
        long size = sampleShape.Aggregate(1L, (a, d) => a * d);
        if (size != data.ImageSize)
            throw new ArgumentException($"the model takes samples of [{string.Join(", ", sampleShape)}] but {data.Name} has {data.Height}×{data.Width} images.", nameof(sampleShape));
        var input = new Tensor([batch, .. sampleShape]);
        var labels = new int[batch];
        data.Gather([.. Enumerable.Range(0, batch)], input.Span, labels);
        return new ProbeBatch(input, labels, $"{data.Name} (first {batch} images)");
    }
}
