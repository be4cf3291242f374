using System.Globalization;
using System.Security;
using System.Text;

namespace InitLab.Reports.Svg;

/// <summary>A self-contained SVG chart: line series, bars (histograms) and a heatmap on one pair of axes, with a legend.</summary>
/// <remarks>
/// <para>
/// The output is one &lt;svg&gt; element with no external references (no fonts, scripts, images or ids), so any number of
/// charts can be inlined in one HTML page. Data are drawn in a nested &lt;svg&gt; the size of the plot area, which
/// clips whatever falls outside the axes' ranges. Series get the Tableau-10 colors in order unless given one.
/// </para>
/// <para>Element classes for tools and tests: <c>series</c> (polyline), <c>band</c> (polygon), <c>point</c> (circle), <c>bar</c>, <c>cell</c>, <c>legend</c>, <c>tick</c>.</para>
/// </remarks>
public sealed class SvgChart
{
    /// <summary>The colors given to series in order (Tableau 10).</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF"];

    const int MarginLeft = 72, MarginTop = 34, MarginBottom = 52, MarginRightPlain = 24, LegendWidth = 170;

    readonly string title;
    readonly List<Series> series = [];
    readonly List<Band> bands = [];
    Heatmap? heatmap;

    /// <summary>Starts an empty chart.</summary>
    /// <param name="title">The title above the plot.</param>
    /// <param name="x">The horizontal axis.</param>
    /// <param name="y">The vertical axis.</param>
    /// <param name="width">Total width in pixels; ≥ 200.</param>
    /// <param name="height">Total height in pixels; ≥ 150.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is too small.</exception>
    public SvgChart(string title, Axis x, Axis y, int width = 640, int height = 400)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);
        this.title = title;
        X = x;
        Y = y;
        Width = width;
        Height = height;
    }

    /// <summary>The horizontal axis.</summary>
    public Axis X { get; }

    /// <summary>The vertical axis.</summary>
    public Axis Y { get; }

    /// <summary>Total width in pixels.</summary>
    public int Width { get; }

    /// <summary>Total height in pixels.</summary>
    public int Height { get; }

    /// <summary>The plot area in pixels: left, top, width, height.</summary>
    public (double Left, double Top, double Width, double Height) PlotArea
    {
        get
        {
            bool legend = heatmap is not null || series.Any(s => s.Name.Length > 0);
            return (MarginLeft, MarginTop, Width - MarginLeft - (legend ? LegendWidth : MarginRightPlain), Height - MarginTop - MarginBottom);
        }
    }

    /// <summary>Adds a line through (xs[i], ys[i]); points that cannot be drawn (NaN, ±∞, ≤ 0 on a log axis) break the line.</summary>
    /// <param name="name">The legend entry; empty for none.</param>
    /// <param name="xs">x values.</param>
    /// <param name="ys">y values, as many as <paramref name="xs"/>.</param>
    /// <param name="dashed">Draw dashed (e.g. a theory curve beside a measurement).</param>
    /// <param name="color">#RRGGBB, or null for the next palette color.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public SvgChart AddLine(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys, bool dashed = false, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (xs.Count != ys.Count)
            throw new ArgumentException($"xs has {xs.Count} values but ys has {ys.Count}; they must pair up.", nameof(ys));
        series.Add(new Series(name, [.. xs], [.. ys], SeriesKind.Line, dashed, color ?? NextColor()));
        return this;
    }

    /// <summary>Adds a shaded band between <paramref name="low"/> and <paramref name="high"/> over <paramref name="xs"/> (e.g. the spread over seeds around a mean line); points that cannot be drawn are skipped.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public SvgChart AddBand(IReadOnlyList<double> xs, IReadOnlyList<double> low, IReadOnlyList<double> high, string color)
    {
        ArgumentNullException.ThrowIfNull(color);
        if (xs.Count != low.Count || xs.Count != high.Count)
            throw new ArgumentException($"xs has {xs.Count} values, low {low.Count} and high {high.Count}; they must pair up.", nameof(low));
        bands.Add(new Band([.. xs], [.. low], [.. high], color));
        return this;
    }

    /// <summary>Adds markers at (xs[i], ys[i]) (a scatter plot); points that cannot be drawn are skipped.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public SvgChart AddPoints(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (xs.Count != ys.Count)
            throw new ArgumentException($"xs has {xs.Count} values but ys has {ys.Count}; they must pair up.", nameof(ys));
        series.Add(new Series(name, [.. xs], [.. ys], SeriesKind.Points, false, color ?? NextColor()));
        return this;
    }

    /// <summary>Adds bars: bin i spans [edges[i], edges[i+1]] with height heights[i] (a histogram).</summary>
    /// <param name="name">The legend entry; empty for none.</param>
    /// <param name="edges">Bin edges, ascending; one more than <paramref name="heights"/>.</param>
    /// <param name="heights">Bar heights (counts or densities).</param>
    /// <param name="color">#RRGGBB, or null for the next palette color.</param>
    /// <exception cref="ArgumentException">The counts do not match or the edges do not ascend.</exception>
    public SvgChart AddBars(string name, IReadOnlyList<double> edges, IReadOnlyList<double> heights, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (edges.Count != heights.Count + 1)
            throw new ArgumentException($"edges has {edges.Count} values for {heights.Count} bars; it needs {heights.Count + 1}.", nameof(edges));
        for (int i = 1; i < edges.Count; i++)
            if (!(edges[i] > edges[i - 1]))
                throw new ArgumentException($"edges[{i}] = {edges[i]} does not exceed edges[{i - 1}] = {edges[i - 1]}; edges must ascend.", nameof(edges));
        series.Add(new Series(name, [.. edges], [.. heights], SeriesKind.Bars, false, color ?? NextColor()));
        return this;
    }

    /// <summary>Fills the plot area with cells: values[r, c] covers row r (from the bottom) and column c, evenly spaced on the axes' scales.</summary>
    /// <param name="values">The grid; NaN cells are gray.</param>
    /// <param name="colors">The color scale.</param>
    /// <param name="valueLabel">The title of the color bar.</param>
    public SvgChart SetHeatmap(double[,] values, ColorScale colors, string valueLabel)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(colors);
        ArgumentNullException.ThrowIfNull(valueLabel);
        if (values.Length == 0)
            throw new ArgumentException("values is empty; a heatmap needs at least one cell.", nameof(values));
        heatmap = new Heatmap((double[,])values.Clone(), colors, valueLabel);
        return this;
    }

    /// <summary>The chart as one &lt;svg&gt; element.</summary>
    public string ToSvg()
    {
        var (left, top, width, height) = PlotArea;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>");
        svg.Append($"<text x=\"{N(Width / 2.0)}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        AppendTicks(svg, left, top, width, height);
        svg.Append($"<svg x=\"{N(left)}\" y=\"{N(top)}\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" overflow=\"hidden\">");
        if (heatmap is not null)
            AppendCells(svg, heatmap, width, height);
        foreach (var b in bands)
            AppendBand(svg, b, width, height);
        foreach (var s in series.Where(s => s.Kind == SeriesKind.Bars))
            AppendBars(svg, s, width, height);
        foreach (var s in series.Where(s => s.Kind == SeriesKind.Line))
            AppendLine(svg, s, width, height);
        foreach (var s in series.Where(s => s.Kind == SeriesKind.Points))
            AppendPoints(svg, s, width, height);
        svg.Append("</svg>");
        svg.Append($"<rect x=\"{N(left)}\" y=\"{N(top)}\" width=\"{N(width)}\" height=\"{N(height)}\" fill=\"none\" stroke=\"#333333\"/>");
        svg.Append($"<text x=\"{N(left + width / 2)}\" y=\"{N(Height - 12)}\" text-anchor=\"middle\">{Escape(X.Label)}</text>");
        svg.Append($"<text transform=\"translate(16 {N(top + height / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(Y.Label)}</text>");
        AppendLegend(svg, left + width + 14, top);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToSvg();

    void AppendTicks(StringBuilder svg, double left, double top, double width, double height)
    {
        foreach (double t in X.Ticks())
        {
            double px = left + X.Fraction(t) * width;
            svg.Append($"<line class=\"tick\" x1=\"{N(px)}\" y1=\"{N(top)}\" x2=\"{N(px)}\" y2=\"{N(top + height)}\" stroke=\"#E0E0E0\"/>");
            svg.Append($"<text x=\"{N(px)}\" y=\"{N(top + height + 16)}\" text-anchor=\"middle\">{Axis.FormatTick(t)}</text>");
        }
        foreach (double t in Y.Ticks())
        {
            double py = top + (1 - Y.Fraction(t)) * height;
            svg.Append($"<line class=\"tick\" x1=\"{N(left)}\" y1=\"{N(py)}\" x2=\"{N(left + width)}\" y2=\"{N(py)}\" stroke=\"#E0E0E0\"/>");
            svg.Append($"<text x=\"{N(left - 6)}\" y=\"{N(py + 4)}\" text-anchor=\"end\">{Axis.FormatTick(t)}</text>");
        }
    }

    static void AppendCells(StringBuilder svg, Heatmap map, double width, double height)
    {
        int rows = map.Values.GetLength(0), cols = map.Values.GetLength(1);
        double cw = width / cols, ch = height / rows;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                svg.Append($"<rect class=\"cell\" shape-rendering=\"crispEdges\" x=\"{N(c * cw)}\" y=\"{N(height - (r + 1) * ch)}\" width=\"{N(cw)}\" height=\"{N(ch)}\" fill=\"{map.Colors.Color(map.Values[r, c])}\"/>");
    }

    void AppendBars(StringBuilder svg, Series s, double width, double height)
    {
        double baseline = Y.Scale == AxisScale.Log ? Y.Min : Math.Clamp(0, Y.Min, Y.Max);
        double y0 = (1 - Y.Fraction(baseline)) * height;
        for (int i = 0; i < s.Ys.Length; i++)
        {
            double x0 = X.Fraction(s.Xs[i]) * width, x1 = X.Fraction(s.Xs[i + 1]) * width, y1 = (1 - Y.Fraction(s.Ys[i])) * height;
            if (!double.IsFinite(y1) || y1 == y0)
                continue;
            svg.Append($"<rect class=\"bar\" x=\"{N(x0)}\" y=\"{N(Math.Min(y0, y1))}\" width=\"{N(x1 - x0)}\" height=\"{N(Math.Abs(y0 - y1))}\" fill=\"{s.Color}\" fill-opacity=\"0.75\"/>");
        }
    }

    void AppendLine(StringBuilder svg, Series s, double width, double height)
    {
        var points = new List<string>();
        void Flush()
        {
            if (points.Count > 0)
                svg.Append($"<polyline class=\"series\" points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>");
            points.Clear();
        }
        for (int i = 0; i < s.Xs.Length; i++)
        {
            double fx = X.Fraction(s.Xs[i]), fy = Y.Fraction(s.Ys[i]);
            if (double.IsNaN(fx) || double.IsNaN(fy))
                Flush();
            else
                points.Add($"{N(fx * width)},{N((1 - fy) * height)}");
        }
        Flush();
    }

    void AppendBand(StringBuilder svg, Band b, double width, double height)
    {
        var upper = new List<string>();
        var lower = new List<string>();
        for (int i = 0; i < b.Xs.Length; i++)
        {
            double fx = X.Fraction(b.Xs[i]), lo = Y.Fraction(b.Low[i]), hi = Y.Fraction(b.High[i]);
            if (double.IsNaN(fx) || double.IsNaN(lo) || double.IsNaN(hi))
                continue;
            upper.Add($"{N(fx * width)},{N((1 - hi) * height)}");
            lower.Add($"{N(fx * width)},{N((1 - lo) * height)}");
        }
        lower.Reverse();
        if (upper.Count > 0)
            svg.Append($"<polygon class=\"band\" points=\"{string.Join(' ', upper.Concat(lower))}\" fill=\"{b.Color}\" fill-opacity=\"0.18\" stroke=\"none\"/>");
    }

    void AppendPoints(StringBuilder svg, Series s, double width, double height)
    {
        for (int i = 0; i < s.Xs.Length; i++)
        {
            double fx = X.Fraction(s.Xs[i]), fy = Y.Fraction(s.Ys[i]);
            if (!double.IsNaN(fx) && !double.IsNaN(fy))
                svg.Append($"<circle class=\"point\" cx=\"{N(fx * width)}\" cy=\"{N((1 - fy) * height)}\" r=\"3.5\" fill=\"{s.Color}\" fill-opacity=\"0.8\"/>");
        }
    }

    void AppendLegend(StringBuilder svg, double x, double y)
    {
        svg.Append("<g class=\"legend\">");
        foreach (var s in series.Where(s => s.Name.Length > 0))
        {
            svg.Append(s.Kind == SeriesKind.Points
                ? $"<circle cx=\"{N(x + 11)}\" cy=\"{N(y + 6)}\" r=\"4\" fill=\"{s.Color}\"/>"
                : s.Kind == SeriesKind.Line
                ? $"<line x1=\"{N(x)}\" y1=\"{N(y + 6)}\" x2=\"{N(x + 22)}\" y2=\"{N(y + 6)}\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>"
                : $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"22\" height=\"12\" fill=\"{s.Color}\" fill-opacity=\"0.75\"/>");
            svg.Append($"<text x=\"{N(x + 28)}\" y=\"{N(y + 10)}\">{Escape(s.Name)}</text>");
            y += 20;
        }
        if (heatmap is not null)
        {
            const int steps = 20;
            var colors = heatmap.Colors;
            svg.Append($"<text x=\"{N(x)}\" y=\"{N(y + 10)}\">{Escape(heatmap.Label)}</text>");
            for (int i = 0; i < steps; i++)
            {
                double value = colors.Max - (colors.Max - colors.Min) * (i + 0.5) / steps;
                svg.Append($"<rect x=\"{N(x)}\" y=\"{N(y + 18 + i * 8)}\" width=\"16\" height=\"8\" fill=\"{colors.Color(value)}\"/>");
            }
            svg.Append($"<text x=\"{N(x + 22)}\" y=\"{N(y + 26)}\">{Axis.FormatTick(colors.Max)}</text>");
            svg.Append($"<text x=\"{N(x + 22)}\" y=\"{N(y + 18 + steps * 4 + 4)}\">{Axis.FormatTick(colors.Center)}</text>");
            svg.Append($"<text x=\"{N(x + 22)}\" y=\"{N(y + 18 + steps * 8)}\">{Axis.FormatTick(colors.Min)}</text>");
        }
        svg.Append("</g>");
    }

    string NextColor() => Palette[series.Count % Palette.Count];

    static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    static string Escape(string text) => SecurityElement.Escape(text);

    enum SeriesKind { Line, Bars, Points }

    sealed record Band(double[] Xs, double[] Low, double[] High, string Color);

    sealed record Series(string Name, double[] Xs, double[] Ys, SeriesKind Kind, bool Dashed, string Color);

    sealed record Heatmap(double[,] Values, ColorScale Colors, string Label);
}
