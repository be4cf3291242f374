using InitLab.Reports.Svg;
using InitLab.Theory;

namespace InitLab.Reports;

/// <summary>Draws a <see cref="PhaseDiagram"/>: ln χ₁ as a heatmap (blue ordered, red chaotic) with the critical line.</summary>
public static class PhaseDiagramChart
{
    /// <summary>The diagram as a chart; ln χ₁ is clamped to ±2 for color.</summary>
    public static SvgChart Create(PhaseDiagram diagram, int width = 720, int height = 440)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        int rows = diagram.SigmaB.Count, columns = diagram.SigmaW.Count;
        var logChi = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                logChi[i, j] = Math.Log(diagram.Chi1[i, j]);
        return new SvgChart($"Mean-field phase diagram: {diagram.Activation}", new Axis("σ_w", 0, diagram.SigmaWMax), new Axis("σ_b", 0, diagram.SigmaBMax), width, height)
            .SetHeatmap(logChi, new ColorScale(-2, 0, 2), "ln χ₁")
            .AddLine("critical χ₁ = 1", diagram.CriticalSigmaW, diagram.SigmaB, color: "#111111");
    }
}
