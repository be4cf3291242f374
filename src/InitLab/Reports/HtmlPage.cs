using System.Net;
using System.Text;

namespace InitLab.Reports;

/// <summary>A self-contained HTML page (inline CSS and SVG, no network access) built from headings, text, tables and figures.</summary>
public sealed class HtmlPage
{
    readonly string title;
    readonly StringBuilder body = new();

    /// <summary>Starts a page with a title (also the first heading).</summary>
    public HtmlPage(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        this.title = title;
    }

    /// <summary>Adds a section heading.</summary>
    public HtmlPage Heading(string text)
    {
        body.Append($"<h2>{WebUtility.HtmlEncode(text)}</h2>\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlPage Paragraph(string text)
    {
        body.Append($"<p>{WebUtility.HtmlEncode(text)}</p>\n");
        return this;
    }

    /// <summary>Adds a table: the first row is the header.</summary>
    public HtmlPage Table(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        body.Append("<table>\n");
        for (int r = 0; r < rows.Count; r++)
        {
            string cell = r == 0 ? "th" : "td";
            body.Append("<tr>").AppendJoin("", rows[r].Select(v => $"<{cell}>{WebUtility.HtmlEncode(v)}</{cell}>")).Append("</tr>\n");
        }
        body.Append("</table>\n");
        return this;
    }

    /// <summary>Adds an inline SVG figure, e.g. <see cref="Svg.SvgChart.ToSvg"/>.</summary>
    public HtmlPage Figure(string svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        body.Append($"<figure>{svg}</figure>\n");
        return this;
    }

    /// <summary>The page as HTML5 text.</summary>
    public override string ToString() =>
        $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
        body { font-family: sans-serif; margin: 2em; color: #222; }
        figure { display: inline-block; margin: 0.5em; }
        table { border-collapse: collapse; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
        </style>
        </head>
        <body>
        <h1>{{WebUtility.HtmlEncode(title)}}</h1>
        {{body}}</body>
        </html>

        """;
}
