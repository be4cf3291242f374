using System.Diagnostics;

namespace InitLab.Tests.Support;

/// <summary>A small tmpfs mounted for a fault test (a full disk, a read-only file system); needs root, as CI runs.</summary>
public sealed class Tmpfs : IDisposable
{
    Tmpfs(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Whether this process may mount (root on Linux); the fault tests that need a mount run only then.</summary>
    public static bool CanMount => OperatingSystem.IsLinux() && Environment.UserName == "root" && System.IO.File.Exists("/bin/mount");

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> bytes, read-only when <paramref name="readOnly"/>.</summary>
    public static Tmpfs Mount(long bytes, bool readOnly = false)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"initlab-tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes}{(readOnly ? ",ro" : "")}", "tmpfs", path);
        return new Tmpfs(path);
    }

    /// <summary>Grows (or shrinks) the file system to <paramref name="bytes"/>.</summary>
    public void Resize(long bytes) => Run("mount", "-o", $"remount,size={bytes}", Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path);
    }

    static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {errors}");
    }
}
