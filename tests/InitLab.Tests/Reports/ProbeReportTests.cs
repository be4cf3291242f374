using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InitLab.Diagnostics;
using InitLab.Reports;
using InitLab.Tests.Support;

namespace InitLab.Tests.Reports;

public class ProbeReportTests
{
    const string Chromium = "/usr/bin/chromium";

    /// <summary>Per activation: the histogram grid, the std chart, the gradient chart and the Jacobian chart.</summary>
    static readonly int Figures = 4 * ClassicExperiment.Activations.Count;

    [Fact]
    public void ClassicReport_IsSelfContained_IncludesLsuv_AndEveryChartIsWellFormed_AndRendersInChromiumWhenInstalled()
    {
        var runs = ClassicExperiment.Run(batch: 200, seed: 1);
        string html = ProbeReport.Classic(runs, 200);

        // Self-contained: no fetched resource of any kind; the only URL is the SVG namespace.
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotMatch(new Regex(@"<(link|img|iframe|object)\b|\bsrc=|@import|url\(", RegexOptions.IgnoreCase), html);
        var figures = Regex.Matches(html, "<figure>(<svg.*?</svg>)(?=<figcaption>|</figure>)", RegexOptions.Singleline);
        Assert.Equal(Figures, figures.Count);
        foreach (Match figure in figures)
            XDocument.Parse(figure.Groups[1].Value);
        Assert.Equal(runs.Count, Regex.Matches(html, "<tr><td>(tanh|relu)</td>").Count);

        // LSUV is one of the six initializations, run with its defaults (pre, tol 0.1, at most 10) on both chains.
        Assert.Equal(6 * ClassicExperiment.Activations.Count, runs.Count);
        var lsuv = runs.Where(r => r.Scheme == "lsuv").ToList();
        Assert.Equal(ClassicExperiment.Activations, lsuv.Select(r => r.Activation));
        foreach (var run in lsuv)
        {
            Assert.StartsWith("lsuv: tol 0.1, max-iter 10, where pre", run.Report!.Summary);
            Assert.Equal(ClassicExperiment.Depth, run.Report.Steps.Count);
            Assert.All(run.Report.Steps, s => Assert.InRange(s.HeldOutVariance!.Value, 0.8, 1.25));
            // The probed batch is independent of LSUV's batches, and every layer's pre-activation still has unit variance.
            Assert.All(run.Result.Layers, l => Assert.InRange(l.Pre.Std * l.Pre.Std, 0.8, 1.25));
            Assert.Contains($"LSUV on {run.Activation}: what the initializer did", html);
        }
        Assert.All(runs.Where(r => r.Scheme != "lsuv"), r => Assert.Null(r.Report));

        if (!File.Exists(Chromium))
            return;
        using var directory = new TempDirectory();
        string page = directory.File("classic.html"), png = directory.File("classic.png");
        File.WriteAllText(page, html);
        // The inline script sets data-charts once the document has every figure: the browser ran it on the real page.
        string dom = RunChromium(directory.File("profile-dom"), "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.Contains($"data-charts=\"{Figures}\"", dom);
        RunChromium(directory.File("profile-png"), $"--screenshot={png}", "--window-size=1400,3000", new Uri(page).AbsoluteUri);
        byte[] image = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image[..4]);
        // IHDR holds the width and height big-endian at bytes 16–23.
        Assert.Equal(1400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(16)));
        Assert.Equal(3000, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(20)));
        // A blank 1400×3000 page compresses to a few KB; histograms, curves and text do not.
        Assert.True(image.Length > 100_000, $"the screenshot has only {image.Length} bytes");
    }

    static string RunChromium(string profile, params string[] arguments)
    {
        var start = new ProcessStartInfo(Chromium)
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
}
