using System.Globalization;
using System.Security;
using System.Text;
using InitLab.Diagnostics;

namespace InitLab.Reports.Svg;

/// <summary>One small histogram of a <see cref="HistogramGrid"/>: the counts, and up to two short lines of text.</summary>
/// <param name="Histogram">The counts over the cell's range; the values below and above it are drawn as red bars at the edges.</param>
/// <param name="Lines">Short annotations drawn in the cell's top-left corner (e.g. the std).</param>
/// <param name="SpikeAtLow">Scale the bars by the tallest bar other than the first, and cut the first at the top: for ReLU, whose zeros would flatten the rest.</param>
public sealed record HistogramCell(Histogram Histogram, IReadOnlyList<string> Lines, bool SpikeAtLow = false);

/// <summary>Small multiples: a grid of histograms with labelled rows (e.g. initializations) and columns (e.g. layers), in one &lt;svg&gt;.</summary>
/// <remarks>
/// Every cell is scaled to its own tallest bar, so the grid shows shapes; the annotations give the scale. Values outside a
/// cell's range are not dropped: their share is a red bar at the left or right edge, labelled with its percentage.
/// Classes for tools and tests: <c>cell</c> (a cell's background), <c>bar</c>, <c>overflow</c>.
/// </remarks>
public sealed class HistogramGrid
{
    const int RowLabelWidth = 128, HeaderHeight = 52, AxisHeight = 22, Gap = 6;

    readonly string title;
    readonly IReadOnlyList<string> columns;
    readonly int cellWidth, cellHeight;
    readonly List<(string Label, string Color, IReadOnlyList<HistogramCell> Cells)> rows = [];

    /// <summary>Starts an empty grid.</summary>
    /// <param name="title">The title above the grid.</param>
    /// <param name="columns">The column labels.</param>
    /// <param name="cellWidth">Cell width in pixels; ≥ 40.</param>
    /// <param name="cellHeight">Cell height in pixels; ≥ 30.</param>
    public HistogramGrid(string title, IReadOnlyList<string> columns, int cellWidth = 100, int cellHeight = 64)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellWidth, 40);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellHeight, 30);
        (this.title, this.columns, this.cellWidth, this.cellHeight) = (title, columns, cellWidth, cellHeight);
    }

    /// <summary>Adds a row of cells, one per column.</summary>
    /// <exception cref="ArgumentException">The row does not have one cell per column.</exception>
    public HistogramGrid AddRow(string label, string color, IReadOnlyList<HistogramCell> cells)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(color);
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != columns.Count)
            throw new ArgumentException($"the row has {cells.Count} cells for {columns.Count} columns.", nameof(cells));
        rows.Add((label, color, cells));
        return this;
    }

    /// <summary>The grid as one &lt;svg&gt; element.</summary>
    public string ToSvg()
    {
        int width = RowLabelWidth + columns.Count * (cellWidth + Gap) + Gap;
        int height = HeaderHeight + rows.Count * (cellHeight + Gap) + AxisHeight;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        svg.Append($"<text x=\"{N(width / 2.0)}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        for (int c = 0; c < columns.Count; c++)
            svg.Append($"<text x=\"{N(CellLeft(c) + cellWidth / 2.0)}\" y=\"{HeaderHeight - 8}\" text-anchor=\"middle\" font-size=\"12\">{Escape(columns[c])}</text>");
        for (int r = 0; r < rows.Count; r++)
        {
            var (label, color, cells) = rows[r];
            double top = HeaderHeight + r * (cellHeight + Gap);
            svg.Append($"<rect x=\"4\" y=\"{N(top + cellHeight / 2.0 - 7)}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
            svg.Append($"<text x=\"20\" y=\"{N(top + cellHeight / 2.0 + 2)}\" font-size=\"12\" font-weight=\"bold\">{Escape(label)}</text>");
            for (int c = 0; c < cells.Count; c++)
                AppendCell(svg, cells[c], color, CellLeft(c), top);
        }
        if (rows.Count > 0)
        {
            var axis = rows[^1].Cells;
            double y = HeaderHeight + rows.Count * (cellHeight + Gap) + 8;
            for (int c = 0; c < axis.Count; c++)
            {
                var h = axis[c].Histogram;
                svg.Append($"<text x=\"{N(CellLeft(c))}\" y=\"{N(y)}\" font-size=\"9\" fill=\"#666\">{Axis.FormatTick(h.Low)}</text>");
                svg.Append($"<text x=\"{N(CellLeft(c) + cellWidth)}\" y=\"{N(y)}\" font-size=\"9\" fill=\"#666\" text-anchor=\"end\">{Axis.FormatTick(h.High)}</text>");
            }
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToSvg();

    double CellLeft(int column) => RowLabelWidth + Gap + column * (cellWidth + Gap);

    void AppendCell(StringBuilder svg, HistogramCell cell, string color, double left, double top)
    {
        var h = cell.Histogram;
        long total = h.Counts.Sum() + h.Below + h.Above;
        svg.Append($"<rect class=\"cell\" x=\"{N(left)}\" y=\"{N(top)}\" width=\"{cellWidth}\" height=\"{cellHeight}\" fill=\"#F6F6F6\" stroke=\"#DDDDDD\"/>");
        const double textRoom = 24;
        double plotHeight = cellHeight - textRoom, baseline = top + cellHeight;
        long rest = h.Counts.Skip(1).DefaultIfEmpty(0).Max();
        double scale = cell.SpikeAtLow && rest > 0 ? rest : Math.Max(1, h.Counts.Max());
        double barWidth = (double)cellWidth / h.Counts.Length;
        for (int i = 0; i < h.Counts.Length; i++)
        {
            if (h.Counts[i] == 0)
                continue;
            double bar = Math.Min(1, h.Counts[i] / scale) * plotHeight;
            svg.Append($"<rect class=\"bar\" x=\"{N(left + i * barWidth)}\" y=\"{N(baseline - bar)}\" width=\"{N(barWidth)}\" height=\"{N(bar)}\" fill=\"{color}\"/>");
        }
        if (total > 0)
        {
            AppendOverflow(svg, (double)h.Below / total, left, baseline, plotHeight, "start");
            AppendOverflow(svg, (double)h.Above / total, left + cellWidth - 4, baseline, plotHeight, "end");
        }
        for (int i = 0; i < cell.Lines.Count; i++)
            svg.Append($"<text x=\"{N(left + 3)}\" y=\"{N(top + 10 + i * 11)}\" font-size=\"9.5\" fill=\"#333\">{Escape(cell.Lines[i])}</text>");
    }

    static void AppendOverflow(StringBuilder svg, double share, double x, double baseline, double plotHeight, string anchor)
    {
        if (share <= 0)
            return;
        double bar = Math.Max(2, share * plotHeight);
        svg.Append($"<rect class=\"overflow\" x=\"{N(x)}\" y=\"{N(baseline - bar)}\" width=\"4\" height=\"{N(bar)}\" fill=\"#D62728\"/>");
        double tx = anchor == "start" ? x + 6 : x - 2;
        svg.Append($"<text x=\"{N(tx)}\" y=\"{N(baseline - 3)}\" font-size=\"9\" fill=\"#D62728\" text-anchor=\"{anchor}\">{(share * 100).ToString("0.#", CultureInfo.InvariantCulture)}% {(anchor == "start" ? "←" : "→")}</text>");
    }

    static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    static string Escape(string text) => SecurityElement.Escape(text);
}
