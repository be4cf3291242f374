using System.Text.RegularExpressions;
using InitLab.Diagnostics;
using InitLab.Reports;
using InitLab.Tests.Support;

namespace InitLab.Tests.Reports;

public class ProbeReportTests
{
    /// <summary>Per activation: the histogram grid, the std chart, the gradient chart and the Jacobian chart.</summary>
    static readonly int Figures = 4 * ClassicExperiment.Activations.Count;

    [Fact]
    public void ClassicReport_IsSelfContained_IncludesLsuv_AndEveryChartIsWellFormed_AndRendersInChromiumWhenInstalled()
    {
        var runs = ClassicExperiment.Run(batch: 200, seed: 1);
        string html = ProbeReport.Classic(runs, 200);

        Assert.Equal(Figures, HtmlAssert.SelfContainedWithWellFormedFigures(html));
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

        if (!Chromium.Installed)
            return;
        Chromium.AssertRenders(html, Figures, 100_000);
    }
}
