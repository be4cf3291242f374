using System.Net;
using System.Text;

namespace InitLab.Reports;

/// <summary>A self-contained HTML page (inline CSS and SVG, no network access) built from headings, text, tables and figures.</summary>
/// <remarks>An inline script sets <c>data-charts</c> on &lt;body&gt; to the number of figures once the page has loaded; nothing is fetched.</remarks>
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

    /// <summary>Adds a highlighted paragraph: what to see in the figures that follow.</summary>
    public HtmlPage Note(string text)
    {
        body.Append($"<p class=\"note\">{WebUtility.HtmlEncode(text)}</p>\n");
        return this;
    }

    /// <summary>Adds an inline SVG figure, e.g. <see cref="Svg.SvgChart.ToSvg"/>, with an optional caption below it.</summary>
    public HtmlPage Figure(string svg, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(svg);
        string below = caption is null ? "" : $"<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption>";
        body.Append($"<figure>{svg}{below}</figure>\n");
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
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1360px; padding: 0 1em; color: #222; line-height: 1.45; }
        h1 { font-size: 1.7em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 2px solid #e3e3e3; padding-bottom: 0.2em; }
        p { max-width: 62em; }
        p.note { background: #f4f8fc; border-left: 4px solid #1F77B4; padding: 0.5em 0.8em; }
        figure { display: inline-block; margin: 0.5em 0.5em 0.5em 0; vertical-align: top; }
        figcaption { font-size: 0.85em; color: #555; max-width: 640px; }
        table { border-collapse: collapse; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        </style>
        </head>
        <body>
        <h1>{{WebUtility.HtmlEncode(title)}}</h1>
        {{body}}<script>
        // Marks the page once every chart is in the document, for tools that render it headless.
        document.body.setAttribute("data-charts", String(document.querySelectorAll("figure > svg").length));
        </script>
        </body>
        </html>

        """;
}
