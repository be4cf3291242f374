using System.Xml.Linq;
using InitLab.Reports;
using InitLab.Reports.Svg;

namespace InitLab.Tests.Reports;

public class HtmlPageTests
{
    [Fact]
    public void Page_InlinesFiguresAndEscapesText_WithoutExternalResources()
    {
        string svg = new SvgChart("c", new Axis("x", 0, 1), new Axis("y", 0, 1)).AddLine("a", [0, 1], [0, 1]).ToSvg();
        string html = new HtmlPage("Report <1>")
            .Heading("Section & more")
            .Paragraph("text")
            .Table([["layer", "std"], ["1", "0.5"]])
            .Figure(svg)
            .Figure(svg)
            .ToString();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>Report &lt;1&gt;</title>", html);
        Assert.Contains("<h2>Section &amp; more</h2>", html);
        Assert.Contains("<th>layer</th><th>std</th>", html);
        Assert.Equal(2, html.Split("<figure><svg").Length - 1);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        // Each figure's SVG is well-formed XML on its own.
        int start = html.IndexOf("<svg", StringComparison.Ordinal);
        XDocument.Parse(html[start..(html.IndexOf("</figure>", start, StringComparison.Ordinal))]);
    }
}
