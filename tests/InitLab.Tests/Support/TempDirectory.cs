namespace InitLab.Tests.Support;

/// <summary>A fresh temporary directory, deleted with its contents on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    readonly string path = Directory.CreateTempSubdirectory("initlab-test-").FullName;

    /// <summary>A path for <paramref name="name"/> inside the directory.</summary>
    public string File(string name) => Path.Combine(path, name);

    public void Dispose() => Directory.Delete(path, recursive: true);
}
