namespace InitLab.Data;

/// <summary>Splits a dataset into batches, in a fresh <see cref="Shuffle"/> order each epoch or in file order.</summary>
/// <remarks>
/// Batch b of an epoch holds the images at order[b·B … b·B + B − 1], where order is the epoch's
/// permutation (or the identity when not shuffling). When Count is not a multiple of B the last batch
/// is partial (Count mod B images) by default; with <c>dropLast</c> it is left out, so every batch has
/// exactly B images. Any batch of any epoch can be produced directly, which is what resuming needs.
/// </remarks>
public sealed class BatchLoader
{
    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The images and labels.</param>
    /// <param name="batchSize">Images per batch; ≥ 1.</param>
    /// <param name="seed">The run's seed; selects the shuffle.</param>
    /// <param name="shuffle">Whether each epoch uses its own permutation (training) or file order (evaluation).</param>
    /// <param name="dropLast">Whether to leave out a final partial batch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive, or <paramref name="dropLast"/> would leave no batch.</exception>
    public BatchLoader(Dataset dataset, int batchSize, ulong seed, bool shuffle, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (dropLast && batchSize > dataset.Count)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize,
                $"batch size {batchSize} is larger than the {dataset.Count} images of {dataset.Name}, so dropping the partial batch leaves none.");
        Dataset = dataset;
        BatchSize = batchSize;
        Seed = seed;
        Shuffled = shuffle;
        DropLast = dropLast;
        BatchCount = dropLast ? dataset.Count / batchSize : (dataset.Count + batchSize - 1) / batchSize;
    }

    /// <summary>The images and labels.</summary>
    public Dataset Dataset { get; }

    /// <summary>Images per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>The seed that selects each epoch's permutation.</summary>
    public ulong Seed { get; }

    /// <summary>Whether epochs are shuffled.</summary>
    public bool Shuffled { get; }

    /// <summary>Whether a final partial batch is left out.</summary>
    public bool DropLast { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>Images per epoch: all of them, or BatchCount·BatchSize with <see cref="DropLast"/>.</summary>
    public int SamplesPerEpoch => DropLast ? BatchCount * BatchSize : Dataset.Count;

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the images.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public int[] Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Shuffled ? Shuffle.Permutation(Seed, epoch, Dataset.Count) : Enumerable.Range(0, Dataset.Count).ToArray();
    }

    /// <summary>The number of images in batch <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is outside [0, BatchCount).</exception>
    public int SizeOf(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batch, BatchCount);
        return Math.Min(BatchSize, Dataset.Count - batch * BatchSize);
    }

    /// <summary>Copies batch <paramref name="batch"/> of the epoch whose <see cref="Order"/> is <paramref name="order"/>.</summary>
    /// <param name="order">The epoch's order, from <see cref="Order"/>.</param>
    /// <param name="batch">The batch index, in [0, BatchCount).</param>
    /// <param name="images">Receives SizeOf(batch) × ImageSize normalized values.</param>
    /// <param name="targets">Receives SizeOf(batch) labels.</param>
    /// <returns>The number of images copied: <see cref="SizeOf"/>(batch).</returns>
    /// <exception cref="ArgumentException"><paramref name="order"/> does not cover the dataset, or a destination is too small.</exception>
    public int Load(ReadOnlySpan<int> order, int batch, Span<float> images, Span<int> targets)
    {
        if (order.Length != Dataset.Count)
            throw new ArgumentException($"order has {order.Length} entries; {Dataset.Name} has {Dataset.Count} images.", nameof(order));
        int size = SizeOf(batch);
        Dataset.Gather(order.Slice(batch * BatchSize, size), images, targets);
        return size;
    }
}
