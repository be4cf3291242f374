using System.Globalization;
using InitLab.Init.MuP;
using InitLab.Reports.Svg;

namespace InitLab.Reports;

/// <summary>The coordinate check as an HTML page: for every step, mean |activation| against width (log–log), one line per layer.</summary>
public static class CoordinateCheckReport
{
    /// <summary>The page for <paramref name="rows"/>; <paramref name="title"/> names the run (spec, parametrization, optimizer).</summary>
    public static HtmlPage Create(string title, IReadOnlyList<CoordinateRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var page = new HtmlPage(title);
        if (rows.Count == 0)
            return page.Paragraph("No measurements.");
        page.Paragraph("Mean |activation| of each layer's output on one fixed batch, at step t (t = 1 is the forward pass at init; " +
                       "t follows t − 1 optimizer steps). Under μP the curves are flat in width; under SP the output grows with width after the first update.");
        var widths = rows.Select(r => r.Width).Distinct().Order().ToList();
        var layers = rows.Select(r => r.Layer).Distinct().ToList();
        var positive = rows.Where(r => r.L1 > 0).Select(r => r.L1).DefaultIfEmpty(1).ToList();
        double low = Math.Pow(10, Math.Floor(Math.Log10(positive.Min()))), high = Math.Pow(10, Math.Ceiling(Math.Log10(positive.Max())));
        if (low == high)
            high = low * 10;
        foreach (int step in rows.Select(r => r.Step).Distinct().Order())
        {
            var chart = new SvgChart($"step {step}", new Axis("width", widths[0], Math.Max(widths[^1], widths[0] * 2), AxisScale.Log),
                new Axis("mean |x|", low, high, AxisScale.Log), 720, 420);
            foreach (string layer in layers)
            {
                var points = rows.Where(r => r.Step == step && r.Layer == layer).OrderBy(r => r.Width).ToList();
                chart.AddLine($"{layer} {points[0].Module}", [.. points.Select(p => (double)p.Width)], [.. points.Select(p => p.L1)]);
            }
            page.Figure(chart.ToSvg());
        }
        var table = new List<IReadOnlyList<string>> { (string[])["width", "layer", "step", "l1"] };
        table.AddRange(rows.Select(r => (IReadOnlyList<string>)[r.Width.ToString(CultureInfo.InvariantCulture), r.Layer,
            r.Step.ToString(CultureInfo.InvariantCulture), r.L1.ToString("G6", CultureInfo.InvariantCulture)]));
        return page.Heading("Measurements").Table(table);
    }
}
