using System.Globalization;
using System.Xml.Linq;
using InitLab.Reports.Svg;

namespace InitLab.Tests.Reports;

public class SvgChartTests
{
    static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    static XElement Parse(SvgChart chart) => XDocument.Parse(chart.ToSvg()).Root!;

    static IEnumerable<XElement> OfClass(XElement root, string cls) =>
        root.Descendants().Where(e => (string?)e.Attribute("class") == cls);

    static double Attr(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);

    static (double X, double Y)[] Points(XElement polyline) =>
        ((string)polyline.Attribute("points")!).Split(' ')
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToArray();

    [Fact]
    public void LineChart_IsValidSvg_WithOnePolylinePerSeries_AndLegendEntries()
    {
        var chart = new SvgChart("std per layer", new Axis("layer", 0, 10), new Axis("std", 0, 2))
            .AddLine("measured", [1, 2, 3], [1, 1.1, 0.9])
            .AddLine("theory", [1, 2, 3], [1, 1, 1], dashed: true);
        var root = Parse(chart);
        Assert.Equal(Ns + "svg", root.Name);
        var lines = OfClass(root, "series").ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Null(lines[0].Attribute("stroke-dasharray"));
        Assert.NotNull(lines[1].Attribute("stroke-dasharray"));
        Assert.NotEqual((string?)lines[0].Attribute("stroke"), (string?)lines[1].Attribute("stroke"));
        var legendTexts = OfClass(root, "legend").Single().Elements(Ns + "text").Select(t => t.Value).ToArray();
        Assert.Equal(["measured", "theory"], legendTexts);
        Assert.Contains(root.Descendants(Ns + "text"), t => t.Value == "layer");
        Assert.Contains(root.Descendants(Ns + "text"), t => t.Value == "std per layer");
    }

    [Fact]
    public void Line_MapsDataToPlotCoordinates()
    {
        var chart = new SvgChart("t", new Axis("x", 0, 10), new Axis("y", -1, 1), 600, 400).AddLine("", [0, 5, 10], [-1, 0, 1]);
        var (_, _, width, height) = chart.PlotArea;
        var p = Points(OfClass(Parse(chart), "series").Single());
        Assert.Equal((0, height), p[0]);
        Assert.Equal(width / 2, p[1].X, 2);
        Assert.Equal(height / 2, p[1].Y, 2);
        Assert.Equal(width, p[2].X, 2);
        Assert.Equal(0, p[2].Y, 2);
    }

    [Fact]
    public void LogAxis_MapsDecadesEvenly_AndBreaksLinesAtUndrawablePoints()
    {
        var chart = new SvgChart("t", new Axis("layer", 1, 3), new Axis("std", 1e-4, 1, AxisScale.Log))
            .AddLine("", [1, 2, 3, 4, 5], [1e-4, 1e-2, 0, 1e-3, 1]);
        var (_, _, width, height) = chart.PlotArea;
        var lines = OfClass(Parse(chart), "series").ToArray();
        Assert.Equal(2, lines.Length);                    // 0 cannot be drawn on a log axis: it splits the line
        var first = Points(lines[0]);
        Assert.Equal(height, first[0].Y, 2);
        Assert.Equal(height / 2, first[1].Y, 2);          // 1e-2 is halfway between 1e-4 and 1
        Assert.Equal(width / 2, first[1].X, 2);
        Assert.Equal(3 * height / 4, Points(lines[1])[0].Y, 2);  // 1e-3: a quarter of the way up
    }

    [Fact]
    public void Histogram_DrawsOneBarPerNonEmptyBin_WithHeightsProportionalToCounts()
    {
        var chart = new SvgChart("h", new Axis("value", -2, 2), new Axis("count", 0, 100))
            .AddBars("pre-activation", [-2, -1, 0, 1, 2], [25, 0, 50, 100]);
        var (_, _, width, height) = chart.PlotArea;
        var bars = OfClass(Parse(chart), "bar").ToArray();
        Assert.Equal(3, bars.Length);
        Assert.Equal(height / 4, Attr(bars[0], "height"), 2);
        Assert.Equal(height / 2, Attr(bars[1], "height"), 2);
        Assert.Equal(height, Attr(bars[2], "height"), 2);
        Assert.Equal(width / 2, Attr(bars[1], "x"), 2);
        Assert.Equal(width / 4, Attr(bars[1], "width"), 2);
        Assert.Equal(height, Attr(bars[1], "y") + Attr(bars[1], "height"), 2);   // bars stand on the x axis
    }

    [Fact]
    public void Heatmap_DrawsEveryCell_RowZeroAtTheBottom_WithScaleColors()
    {
        var scale = new ColorScale(-1, 0, 1);
        var values = new double[2, 3] { { -1, 0, 1 }, { double.NaN, 0.5, -0.5 } };
        var chart = new SvgChart("phase", new Axis("σ_w", 0, 3), new Axis("σ_b", 0, 2)).SetHeatmap(values, scale, "ln χ₁");
        var (_, _, _, height) = chart.PlotArea;
        var cells = OfClass(Parse(chart), "cell").ToArray();
        Assert.Equal(6, cells.Length);
        Assert.Equal(height / 2, Attr(cells[0], "y"), 2);
        Assert.Equal(0, Attr(cells[3], "y"), 2);
        Assert.Equal(["#3B4CC0", "#F2F2F2", "#B40426", "#BBBBBB"], cells.Take(4).Select(c => (string)c.Attribute("fill")!).ToArray());
    }

    [Fact]
    public void Output_IsSelfContained_AndEscapesText()
    {
        string svg = new SvgChart("a < b & \"c\"", new Axis("x", 0, 1), new Axis("y", 0, 1)).AddLine("<s>", [0, 1], [0, 1]).ToSvg();
        Assert.Contains("a &lt; b &amp; &quot;c&quot;", svg);
        Assert.DoesNotContain("href", svg);
        Assert.DoesNotContain(" id=", svg);
        Assert.DoesNotContain("<script", svg);
        XDocument.Parse(svg);
    }

    [Fact]
    public void Arguments_AreValidated()
    {
        var chart = new SvgChart("t", new Axis("x", 0, 1), new Axis("y", 0, 1));
        Assert.Equal("ys", Assert.Throws<ArgumentException>(() => chart.AddLine("a", [1, 2], [1])).ParamName);
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => chart.AddBars("a", [0, 1], [1, 2])).ParamName);
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => chart.AddBars("a", [0, 0, 1], [1, 2])).ParamName);
        Assert.Equal("min", Assert.Throws<ArgumentOutOfRangeException>(() => new Axis("y", 0, 1, AxisScale.Log)).ParamName);
        Assert.Equal("min", Assert.Throws<ArgumentOutOfRangeException>(() => new Axis("y", 1, 1)).ParamName);
        Assert.Equal("center", Assert.Throws<ArgumentOutOfRangeException>(() => new ColorScale(0, 2, 1)).ParamName);
    }
}
