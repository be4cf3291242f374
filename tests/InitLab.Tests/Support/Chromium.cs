using System.Diagnostics;

namespace InitLab.Tests.Support;

/// <summary>Headless Chromium for the browser checks of HTML reports (skipped where /usr/bin/chromium is not installed).</summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static bool Installed => File.Exists(Path);

    /// <summary>Runs Chromium headless with a fresh profile and the flags a closed network needs; returns stdout.</summary>
    public static string Run(string profile, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. arguments])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "chromium did not finish within 120 s");
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {errors.Result}");
        return output.Result;
    }

    /// <summary>Loads <paramref name="html"/> in Chromium: its inline script must have counted <paramref name="figures"/> charts, and a 1400×3000 screenshot must hold more than <paramref name="minBytes"/> bytes.</summary>
    public static void AssertRenders(string html, int figures, int minBytes)
    {
        using var directory = new TempDirectory();
        string page = directory.File("report.html"), png = directory.File("report.png");
        File.WriteAllText(page, html);
        // The inline script sets data-charts once the document has every figure: the browser ran it on the real page.
        string dom = Run(directory.File("profile-dom"), "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.Contains($"data-charts=\"{figures}\"", dom);
        Run(directory.File("profile-png"), $"--screenshot={png}", "--window-size=1400,3000", new Uri(page).AbsoluteUri);
        AssertScreenshot(png, 1400, 3000, minBytes);
    }

    /// <summary>Checks a screenshot: a PNG of the asked size that is not blank (a blank page compresses to a few KB).</summary>
    public static void AssertScreenshot(string png, int width, int height, int minBytes)
    {
        byte[] image = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image[..4]);
        // IHDR holds the width and height big-endian at bytes 16–23.
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(16)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(20)));
        Assert.True(image.Length > minBytes, $"the screenshot has only {image.Length} bytes");
    }
}
