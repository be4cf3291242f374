using System.Globalization;
using System.Security;
using System.Text;

namespace InitLab.Reports.Svg;

/// <summary>A heat map over two categorical axes (e.g. initialization × activation), each cell colored by its value and labelled with it, in one &lt;svg&gt;.</summary>
/// <remarks>Classes for tools and tests: <c>cell</c> (one per value), <c>legend</c>. NaN cells are gray and labelled "n/a".</remarks>
public sealed class CategoryHeatmap
{
    const int RowLabelWidth = 170, CellWidth = 96, CellHeight = 30, LegendWidth = 120;

    readonly string title, valueLabel;
    readonly IReadOnlyList<string> rows, columns;
    readonly double[,] values;
    readonly ColorScale colors;
    readonly Func<double, string> format;
    readonly int headerHeight;

    /// <summary>A heat map of <paramref name="values"/>[row, column].</summary>
    /// <exception cref="ArgumentException">The labels do not match the values' dimensions, or there are none.</exception>
    public CategoryHeatmap(string title, IReadOnlyList<string> rows, IReadOnlyList<string> columns, double[,] values, ColorScale colors, string valueLabel, Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(colors);
        ArgumentNullException.ThrowIfNull(valueLabel);
        ArgumentNullException.ThrowIfNull(format);
        if (rows.Count == 0 || columns.Count == 0 || values.GetLength(0) != rows.Count || values.GetLength(1) != columns.Count)
            throw new ArgumentException($"values is {values.GetLength(0)}×{values.GetLength(1)} for {rows.Count} rows and {columns.Count} columns; they must match and be ≥ 1.", nameof(values));
        (this.title, this.rows, this.columns, this.values, this.colors, this.valueLabel, this.format) = (title, rows, columns, (double[,])values.Clone(), colors, valueLabel, format);
        // Column labels are drawn at 35°: room for the longest one (clipped to 26 characters of about 7 px).
        headerHeight = 48 + (int)(Math.Min(26, columns.Max(c => c.Length)) * 7 * Math.Sin(35 * Math.PI / 180));
    }

    /// <summary>The map as one &lt;svg&gt; element.</summary>
    public string ToSvg()
    {
        int width = RowLabelWidth + columns.Count * CellWidth + LegendWidth, height = headerHeight + rows.Count * CellHeight + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        for (int c = 0; c < columns.Count; c++)
        {
            int x = RowLabelWidth + c * CellWidth + CellWidth / 2;
            svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({x} {headerHeight - 6}) rotate(-35)\" text-anchor=\"start\">{Escape(Clip(columns[c], 26))}</text>");
        }
        for (int r = 0; r < rows.Count; r++)
        {
            int y = headerHeight + r * CellHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{RowLabelWidth - 8}\" y=\"{y + CellHeight / 2 + 4}\" text-anchor=\"end\">{Escape(Clip(rows[r], 24))}</text>");
            for (int c = 0; c < columns.Count; c++)
            {
                double v = values[r, c];
                int x = RowLabelWidth + c * CellWidth;
                string fill = colors.Color(v);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"cell\" x=\"{x}\" y=\"{y}\" width=\"{CellWidth - 2}\" height=\"{CellHeight - 2}\" fill=\"{fill}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + CellWidth / 2 - 1}\" y=\"{y + CellHeight / 2 + 3}\" text-anchor=\"middle\" fill=\"{(Dark(fill) ? "white" : "#222222")}\">{Escape(double.IsNaN(v) ? "n/a" : format(v))}</text>");
            }
        }
        int lx = RowLabelWidth + columns.Count * CellWidth + 16;
        svg.Append("<g class=\"legend\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx}\" y=\"{headerHeight - 6}\">{Escape(valueLabel)}</text>");
        const int steps = 10;
        for (int i = 0; i < steps; i++)
        {
            double value = colors.Max - (colors.Max - colors.Min) * (i + 0.5) / steps;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{headerHeight + i * 10}\" width=\"14\" height=\"10\" fill=\"{colors.Color(value)}\"/>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 20}\" y=\"{headerHeight + 9}\">{Escape(format(colors.Max))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 20}\" y=\"{headerHeight + steps * 10}\">{Escape(format(colors.Min))}</text>");
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToSvg();

    /// <summary>Whether white text reads better than dark text on <paramref name="color"/> (#RRGGBB): relative luminance below about 0.45.</summary>
    static bool Dark(string color)
    {
        int r = Convert.ToInt32(color[1..3], 16), g = Convert.ToInt32(color[3..5], 16), b = Convert.ToInt32(color[5..7], 16);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 115;
    }

    static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    static string Escape(string text) => SecurityElement.Escape(text);
}
