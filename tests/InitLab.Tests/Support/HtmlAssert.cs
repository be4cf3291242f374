using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace InitLab.Tests.Support;

/// <summary>Checks of the self-contained HTML reports.</summary>
public static class HtmlAssert
{
    /// <summary>Asserts that the page fetches nothing (the only URL is the SVG namespace) and that every figure's SVG is well-formed XML; returns the figure count.</summary>
    public static int SelfContainedWithWellFormedFigures(string html)
    {
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotMatch(new Regex(@"<(link|img|iframe|object)\b|\bsrc=|@import|url\(", RegexOptions.IgnoreCase), html);
        var figures = Regex.Matches(html, "<figure>(<svg.*?</svg>)(?=<figcaption>|</figure>)", RegexOptions.Singleline);
        foreach (Match figure in figures)
            XDocument.Parse(figure.Groups[1].Value);
        return figures.Count;
    }
}
