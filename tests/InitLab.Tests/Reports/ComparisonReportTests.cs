using System.Text.RegularExpressions;
using InitLab.Data;
using InitLab.Lab;
using InitLab.Models;
using InitLab.Reports;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Reports;

public class ComparisonReportTests
{
    [Fact]
    public void Report_IsSelfContained_HasEverySection_AndRendersInChromiumWhenInstalled()
    {
        using var directory = new TempDirectory();
        var grid = new ComparisonGrid
        {
            Template = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-16-10", Steps = 40, Epochs = 1, Batch = 256 },
            Blocks = [new GridAxes(["mlp:784-16-10"], ["he-normal", "zeros"], ["relu", "tanh"], [Normalization.None], [OptimizerKind.Sgd], [0.1])],
            Seeds = 2,
        }.Validate();
        var data = DataSource.Load(DataSource.Embedded);
        var summary = ComparisonSummary.Of(ComparisonRunner.Run(RunStore.Create(directory.File("store"), grid), data, threads: 2));
        string html = ComparisonReport.Page(summary);

        // Per column (relu, tanh): the loss and accuracy curves; the heat map; four init-time signal scatter plots.
        int figures = HtmlAssert.SelfContainedWithWellFormedFigures(html);
        Assert.Equal(2 * 2 + 1 + 4, figures);
        foreach (string heading in (string[])["Ranking", "Final accuracy: initialization × the rest of the grid", "How much the initialization matters", "Training curves",
                     "Init-time diagnostics beside the outcome", "The symmetry problem"])
            Assert.Contains($"<h2>{System.Net.WebUtility.HtmlEncode(heading)}", html);
        // The ranking lists every cell once; the heat map has one colored cell per grid cell, and the bands one polygon per curve.
        Assert.Equal(4, Regex.Matches(html, @"<tr><td>\d( ✱)?</td>").Count);
        Assert.Equal(4, Regex.Matches(html, "<rect class=\"cell\"").Count);
        Assert.Equal(2 * 2 * 2, Regex.Matches(html, "class=\"band\"").Count);
        Assert.Equal(4, Regex.Matches(html, "Spearman ρ = ").Count);
        Assert.True(Regex.Matches(html, "class=\"point\"").Count >= summary.Outcome.Runs.Count);

        if (!Chromium.Installed)
            return;
        Chromium.AssertRenders(html, figures, 150_000);
    }
}
