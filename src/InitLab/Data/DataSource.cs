using System.Numerics.Tensors;

namespace InitLab.Data;

/// <summary>A training split and a test split, with where they came from.</summary>
/// <param name="Train">The training images.</param>
/// <param name="Test">The test images, normalized like the training images.</param>
/// <param name="Origin">Where the files were read from, e.g. <c>/usr/share/datasets/fashion-mnist</c> or <c>embedded</c>.</param>
public sealed record DataSplits(Dataset Train, Dataset Test, string Origin);

/// <summary>Resolves a <c>--data</c> value (<c>fashion-mnist</c>, <c>embedded</c> or a directory) to training and test data.</summary>
/// <remarks>
/// A directory holds the four MNIST-layout files <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c>, each raw or gzip (with or without a
/// <c>.gz</c> suffix; a <c>.</c> in place of the <c>-</c> before <c>idx</c> is accepted too). Its class count
/// is the largest label + 1. Fashion-MNIST is looked up in <c>$INITLAB_DATA/fashion-mnist</c> first, then in
/// <see cref="SystemDirectory"/> (Debian package <c>dataset-fashion-mnist</c>). docs/data.md has the details.
/// </remarks>
public static class DataSource
{
    /// <summary>The <c>--data</c> value for the full Fashion-MNIST dataset.</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>The <c>--data</c> value for the subset embedded in the library.</summary>
    public const string Embedded = "embedded";

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the dataset.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable naming a directory that holds <c>fashion-mnist/</c>.</summary>
    public const string EnvironmentVariable = "INITLAB_DATA";

    const int FashionClasses = 10;

    /// <summary>Loads the training and test splits of <paramref name="data"/>.</summary>
    /// <param name="data"><c>fashion-mnist</c>, <c>embedded</c>, or a directory in MNIST layout.</param>
    /// <param name="scaling">How pixels become inputs; the statistics come from the training split.</param>
    /// <exception cref="FileNotFoundException">Fashion-MNIST or a file of the directory is missing; the message says how to get it.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="data"/> is neither a known name nor a directory.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt or truncated; the message names it and the problem.</exception>
    public static DataSplits Load(string data, PixelScaling scaling = PixelScaling.Standardize) =>
        Load(data, scaling, Environment.GetEnvironmentVariable(EnvironmentVariable), SystemDirectory);

    internal static DataSplits Load(string data, PixelScaling scaling, string? initlabData, string systemDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(data);
        if (!Enum.IsDefined(scaling))
            throw new ArgumentOutOfRangeException(nameof(scaling), scaling, $"scaling = {scaling} is not allowed; use Standardize or UnitInterval.");
        return data switch
        {
            Embedded => Build(EmbeddedFashionMnist.Read, "embedded", FashionClasses, scaling, "embedded"),
            FashionMnist => LoadDirectory(FindFashionMnist(initlabData, systemDirectory), FashionClasses, scaling),
            _ when Directory.Exists(data) => LoadDirectory(data, classes: null, scaling),
            _ => throw new DirectoryNotFoundException(
                $"data source '{data}' is not '{FashionMnist}', '{Embedded}' or an existing directory."),
        };
    }

    static string FindFashionMnist(string? initlabData, string systemDirectory)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(initlabData))
            candidates.Add(Path.Combine(initlabData, FashionMnist));
        candidates.Add(systemDirectory);
        foreach (string directory in candidates)
        {
            if (Directory.Exists(directory))
                return directory;
        }
        string looked = string.IsNullOrEmpty(initlabData)
            ? $"{systemDirectory} ({EnvironmentVariable} is not set)"
            : $"{candidates[0]} and {systemDirectory}";
        throw new FileNotFoundException(
            $"Fashion-MNIST was not found in {looked}. Install it with 'sudo apt-get install dataset-fashion-mnist', " +
            $"or put the four files of https://github.com/zalandoresearch/fashion-mnist (data/fashion) in DIR/{FashionMnist} and set {EnvironmentVariable}=DIR; " +
            $"'--data {Embedded}' needs nothing installed.");
    }

    static DataSplits LoadDirectory(string directory, int? classes, PixelScaling scaling) =>
        Build(file => IdxFile.Read(FindFile(directory, file)), directory, classes, scaling, Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)));

    /// <summary>Reads the four files through <paramref name="read"/> (given names like <c>train-images-idx3-ubyte.gz</c>).</summary>
    static DataSplits Build(Func<string, IdxArray> read, string origin, int? classes, PixelScaling scaling, string name)
    {
        var trainImages = read("train-images-idx3-ubyte.gz");
        var trainLabels = read("train-labels-idx1-ubyte.gz");
        var testImages = read("t10k-images-idx3-ubyte.gz");
        var testLabels = read("t10k-labels-idx1-ubyte.gz");
        int count = classes ?? Math.Max(MaxLabel(trainLabels), MaxLabel(testLabels)) + 1;
        var train = Dataset.FromIdx(trainImages, trainLabels, count, PixelNormalization.UnitInterval, $"{name} train");
        var normalization = scaling == PixelScaling.Standardize ? PixelNormalization.Standardize(train.Pixels) : PixelNormalization.UnitInterval;
        var test = Dataset.FromIdx(testImages, testLabels, count, normalization, $"{name} test");
        return new DataSplits(train.WithNormalization(normalization), test, origin);
    }

    static int MaxLabel(IdxArray labels) =>
        labels.Type == IdxDataType.UnsignedByte && !labels.Data.IsEmpty ? TensorPrimitives.Max(labels.Data) : 0;

    /// <summary>The file for <paramref name="canonical"/> (e.g. <c>train-images-idx3-ubyte.gz</c>) in any accepted spelling.</summary>
    static string FindFile(string directory, string canonical)
    {
        string stem = canonical[..^".gz".Length];
        string dotted = stem.Replace("-idx", ".idx", StringComparison.Ordinal);
        foreach (string candidate in new[] { stem + ".gz", stem, dotted + ".gz", dotted })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException($"data directory '{directory}' has no {stem} (looked for {stem}, {stem}.gz, {dotted} and {dotted}.gz).", Path.Combine(directory, stem));
    }
}
