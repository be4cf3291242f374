using System.Globalization;
using System.Text;
using InitLab.Theory;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary>The phase diagram as characters: '.' ordered, '#' chaotic, '*' the critical line; σ_b grows upward.</summary>
internal static class PhasePicture
{
    public const char Ordered = '.', Chaotic = '#', Critical = '*';

    public static void Write(IAnsiConsole console, PhaseDiagram d)
    {
        int columns = d.SigmaW.Count;
        double cellWidth = d.SigmaWMax / columns;
        console.MarkupLine($"[bold]Mean-field phase diagram: {Markup.Escape(d.Activation.ToString())}[/]  " +
                           $"([blue]{Ordered}[/] ordered χ₁ < 1, [red]{Chaotic}[/] chaotic χ₁ > 1, [yellow]{Critical}[/] critical χ₁ = 1)");
        console.MarkupLine("  σ_b");
        for (int i = d.SigmaB.Count - 1; i >= 0; i--)
        {
            int criticalColumn = double.IsFinite(d.CriticalSigmaW[i]) ? (int)Math.Floor(d.CriticalSigmaW[i] / cellWidth) : -1;
            var row = new StringBuilder();
            for (int j = 0; j < columns; j++)
            {
                row.Append(j == criticalColumn ? $"[yellow bold]{Critical}[/]"
                    : d.Chi1[i, j] < 1 ? $"[blue]{Ordered}[/]" : $"[red]{Chaotic}[/]");
            }
            console.MarkupLine($"{d.SigmaB[i].ToString("0.000", CultureInfo.InvariantCulture),6} |{row}");
        }
        console.MarkupLine($"{"",6} +{new string('-', columns)}");
        console.MarkupLine($"{"",6}  {Ruler(columns, d.SigmaWMax)}");
        console.MarkupLine($"{"",6}  {"σ_w".PadLeft(columns / 2 + 2)}");
    }

    /// <summary>Tick labels under the columns: 0 at the left edge, then about every 16 columns.</summary>
    static string Ruler(int columns, double max)
    {
        var ruler = new StringBuilder(new string(' ', columns + 8));
        for (int j = 0; j <= columns; j += Math.Max(8, columns / 4))
        {
            string label = (j * max / columns).ToString("0.##", CultureInfo.InvariantCulture);
            for (int k = 0; k < label.Length; k++)
                ruler[j + k] = label[k];
        }
        return ruler.ToString().TrimEnd();
    }
}
