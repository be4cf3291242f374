namespace InitLab.Data;

/// <summary>A labelled set of single-channel 8-bit images, served as normalized float32.</summary>
/// <remarks>
/// Pixels stay as bytes (one byte per pixel); <see cref="Gather"/> converts the requested images with
/// <see cref="Normalization"/>, x = (p/255 − mean)/std, into a row-major [batch, 1, height, width] buffer.
/// </remarks>
public sealed class Dataset
{
    readonly byte[] pixels;
    readonly byte[] labels;
    readonly float[] table;

    Dataset(string name, byte[] pixels, byte[] labels, int height, int width, int classes, PixelNormalization normalization)
    {
        Name = name;
        this.pixels = pixels;
        this.labels = labels;
        Height = height;
        Width = width;
        Classes = classes;
        Normalization = normalization;
        table = normalization.Table();
    }

    /// <summary>Builds a dataset from an IDX image array [count, rows, columns] and an IDX label vector [count].</summary>
    /// <param name="images">Unsigned-byte images, 3 dimensions.</param>
    /// <param name="labels">Unsigned-byte labels, 1 dimension, one per image.</param>
    /// <param name="classes">The number of classes; every label must be below it.</param>
    /// <param name="normalization">The pixel normalization <see cref="Gather"/> applies.</param>
    /// <param name="name">A display name, e.g. <c>fashion-mnist train</c>.</param>
    /// <exception cref="InvalidDataException">A type, shape, count or label is wrong; the message names the file.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is not in 1 … 256.</exception>
    public static Dataset FromIdx(IdxArray images, IdxArray labels, int classes, PixelNormalization normalization, string name)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 256);
        RequireBytes(images, "images");
        RequireBytes(labels, "labels");
        if (images.Shape.Length != 3)
            throw new InvalidDataException($"{images.Source}: images must have 3 dimensions (count, rows, columns), found {images.Shape.Length} ({IdxArray.FormatShape(images.Shape)}).");
        if (labels.Shape.Length != 1)
            throw new InvalidDataException($"{labels.Source}: labels must have 1 dimension (count), found {labels.Shape.Length} ({IdxArray.FormatShape(labels.Shape)}).");
        if (labels.Shape[0] != images.Shape[0])
            throw new InvalidDataException($"{labels.Source}: holds {labels.Shape[0]} labels, but {images.Source} holds {images.Shape[0]} images.");
        if (images.Shape[1] == 0 || images.Shape[2] == 0)
            throw new InvalidDataException($"{images.Source}: images are {images.Shape[1]}×{images.Shape[2]} pixels; both sizes must be positive.");
        var labelBytes = labels.Data.ToArray();
        int bad = labelBytes.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(classes - 1));
        if (bad >= 0)
            throw new InvalidDataException($"{labels.Source}: label {labelBytes[bad]} at index {bad} is out of range; labels must be 0 … {classes - 1}.");
        return new Dataset(name, images.Data.ToArray(), labelBytes, images.Shape[1], images.Shape[2], classes, normalization);
    }

    static void RequireBytes(IdxArray array, string what)
    {
        if (array.Type != IdxDataType.UnsignedByte)
            throw new InvalidDataException($"{array.Source}: {what} must be unsigned bytes (type 0x08), found {IdxDataTypes.Name(array.Type)} (0x{(byte)array.Type:X2}).");
    }

    /// <summary>A display name, e.g. <c>fashion-mnist train</c>.</summary>
    public string Name { get; }

    /// <summary>The number of images.</summary>
    public int Count => labels.Length;

    /// <summary>Image rows.</summary>
    public int Height { get; }

    /// <summary>Image columns.</summary>
    public int Width { get; }

    /// <summary>Channels per image: always 1 (grayscale).</summary>
    public int Channels => 1;

    /// <summary>Input values per image: <see cref="Channels"/>·<see cref="Height"/>·<see cref="Width"/>.</summary>
    public int ImageSize => Height * Width;

    /// <summary>The number of classes; labels are 0 … Classes − 1.</summary>
    public int Classes { get; }

    /// <summary>The normalization <see cref="Gather"/> applies.</summary>
    public PixelNormalization Normalization { get; }

    /// <summary>The raw pixels, image after image, row-major.</summary>
    public ReadOnlySpan<byte> Pixels => pixels;

    /// <summary>The labels, one per image.</summary>
    public ReadOnlySpan<byte> Labels => labels;

    /// <summary>The same images and labels with another normalization.</summary>
    public Dataset WithNormalization(PixelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        return new Dataset(Name, pixels, labels, Height, Width, Classes, normalization);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order, with this dataset's normalization.</summary>
    /// <param name="indices">Image indices, each in [0, Count); an index may repeat.</param>
    /// <param name="name">The subset's display name, e.g. <c>fashion-mnist train (validation)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public Dataset Subset(ReadOnlySpan<int> indices, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int size = ImageSize;
        var subsetPixels = new byte[(long)indices.Length * size];
        var subsetLabels = new byte[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            int index = indices[k];
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"index {index} at position {k} is outside [0, {Count}).");
            pixels.AsSpan(index * size, size).CopyTo(subsetPixels.AsSpan(k * size, size));
            subsetLabels[k] = labels[index];
        }
        return new Dataset(name, subsetPixels, subsetLabels, Height, Width, Classes, Normalization);
    }

    /// <summary>The same images with label l replaced by <paramref name="map"/>[l], as a dataset of <paramref name="classes"/> classes (<see cref="ClassSubset"/>).</summary>
    /// <exception cref="ArgumentException">A mapped label is not below <paramref name="classes"/>.</exception>
    public Dataset Relabel(ReadOnlySpan<byte> map, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        var mapped = new byte[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            mapped[i] = map[labels[i]];
            if (mapped[i] >= classes)
                throw new ArgumentException($"label {labels[i]} of image {i} maps to {mapped[i]}, not a class in 0 … {classes - 1}.", nameof(map));
        }
        return new Dataset(Name, pixels, mapped, Height, Width, classes, Normalization);
    }

    /// <summary>These images followed by <paramref name="extraLabels"/>.Length more (synthetic ones, e.g. SMOTE's), with this normalization.</summary>
    /// <exception cref="ArgumentException">The pixel count is not one image per label, or a label is not a class.</exception>
    public Dataset Append(byte[] extraPixels, byte[] extraLabels, string name)
    {
        ArgumentNullException.ThrowIfNull(extraPixels);
        ArgumentNullException.ThrowIfNull(extraLabels);
        if (extraPixels.Length != (long)extraLabels.Length * ImageSize)
            throw new ArgumentException($"{extraPixels.Length} pixels are not {extraLabels.Length} images of {ImageSize}.", nameof(extraPixels));
        if (extraLabels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(Classes - 1)) is var bad and >= 0)
            throw new ArgumentException($"label {extraLabels[bad]} is not a class in 0 … {Classes - 1}.", nameof(extraLabels));
        return new Dataset(name, [.. pixels, .. extraPixels], [.. labels, .. extraLabels], Height, Width, Classes, Normalization);
    }

    /// <summary>How many images each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes];
        foreach (byte label in labels)
            counts[label]++;
        return counts;
    }

    /// <summary>Copies the images at <paramref name="indices"/>, normalized, and their labels.</summary>
    /// <param name="indices">Image indices, each in [0, Count).</param>
    /// <param name="images">Receives indices.Length × <see cref="ImageSize"/> values, row-major [batch, 1, height, width].</param>
    /// <param name="targets">Receives indices.Length labels.</param>
    /// <exception cref="ArgumentException">A destination is too small.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public void Gather(ReadOnlySpan<int> indices, Span<float> images, Span<int> targets)
    {
        int size = ImageSize;
        if (images.Length < (long)indices.Length * size)
            throw new ArgumentException($"images holds {images.Length} values; {indices.Length} images need {(long)indices.Length * size}.", nameof(images));
        if (targets.Length < indices.Length)
            throw new ArgumentException($"targets holds {targets.Length} values; {indices.Length} labels need {indices.Length}.", nameof(targets));
        for (int b = 0; b < indices.Length; b++)
        {
            int index = indices[b];
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"index {index} at position {b} is outside [0, {Count}).");
            var source = pixels.AsSpan(index * size, size);
            var destination = images.Slice(b * size, size);
            for (int i = 0; i < size; i++)
                destination[i] = table[source[i]];
            targets[b] = labels[index];
        }
    }
}
