namespace InitLab.Data;

/// <summary>The stratified Fashion-MNIST subset embedded in the library (src/InitLab/Data/Embedded/README.md).</summary>
/// <remarks>
/// 5,000 training images (500 per class) and 1,000 test images (100 per class): the first images of each
/// class in file order. The indices into the full files are embedded too; tools/make_embedded_subset.py
/// regenerates everything.
/// </remarks>
internal static class EmbeddedFashionMnist
{
    public const int TrainPerClass = 500;
    public const int TestPerClass = 100;
    const string Prefix = "InitLab.Data.Embedded.";

    /// <summary>Reads one embedded IDX file, e.g. <c>train-images-idx3-ubyte.gz</c>.</summary>
    public static IdxArray Read(string file)
    {
        using var stream = Open(file);
        return IdxFile.Read(stream, "embedded:" + file);
    }

    /// <summary>The 0-based indices of the subset's images in the full split (<c>train</c> or <c>t10k</c>).</summary>
    public static int[] Indices(string split) => Read($"{split}-indices-idx1-int.gz").ToInt32();

    /// <summary>The Fashion-MNIST MIT license that ships with the subset.</summary>
    public static string License()
    {
        using var reader = new StreamReader(Open("LICENSE"));
        return reader.ReadToEnd();
    }

    static Stream Open(string file) =>
        typeof(EmbeddedFashionMnist).Assembly.GetManifestResourceStream(Prefix + file)
        ?? throw new FileNotFoundException($"embedded resource '{Prefix + file}' is missing from {typeof(EmbeddedFashionMnist).Assembly.GetName().Name}; the library was built without src/InitLab/Data/Embedded.");
}
