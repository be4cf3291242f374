using System.Numerics.Tensors;
using InitLab.Nn;

namespace InitLab.Lab;

/// <summary>How far apart the units of one layer are: the distances between the rows of its weight (one row per output unit).</summary>
/// <param name="Parameter">The weight's name.</param>
/// <param name="Units">Rows (output units, or output channels of a convolution).</param>
/// <param name="MaxDistance">The largest ‖Wᵢ − Wⱼ‖₂ over pairs of rows: 0 when every unit of the layer is the same unit.</param>
/// <param name="MinDistance">The smallest: 0 when at least two units are identical.</param>
/// <param name="MeanRowNorm">The mean ‖Wᵢ‖₂, the scale the distances compare with.</param>
/// <remarks>
/// The symmetry problem: units of a layer that start with equal incoming and outgoing weights receive equal gradients
/// and stay equal under any gradient-based optimizer, so a constant initialization trains a layer of one unit, however
/// wide it is. The distances are exact differences (no ‖a‖² + ‖b‖² − 2a·b cancellation), so identical rows give 0.
/// </remarks>
public sealed record UnitSymmetry(string Parameter, int Units, double MaxDistance, double MinDistance, double MeanRowNorm)
{
    /// <summary>Layers with more units than this are skipped (the pairwise pass is quadratic in the units).</summary>
    public const int MaxUnits = 4096;

    /// <summary>The distances of every weight with at least two rows, in parameter order.</summary>
    public static IReadOnlyList<UnitSymmetry> Of(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var result = new List<UnitSymmetry>();
        foreach (var p in parameters.Where(p => p.Role == ParameterRole.Weight && p.Value.Rank >= 2))
        {
            int rows = p.Value.Dim(0);
            if (rows < 2 || rows > MaxUnits)
                continue;
            int width = p.Value.Length / rows;
            ReadOnlySpan<float> w = p.Value.Span;
            double max = 0, min = double.PositiveInfinity, norms = 0;
            for (int i = 0; i < rows; i++)
            {
                var a = w.Slice(i * width, width);
                norms += TensorPrimitives.Norm(a);
                for (int j = i + 1; j < rows; j++)
                {
                    double d = TensorPrimitives.Distance(a, w.Slice(j * width, width));
                    max = Math.Max(max, d);
                    min = Math.Min(min, d);
                }
            }
            result.Add(new UnitSymmetry(p.Name, rows, max, min, norms / rows));
        }
        return result;
    }
}
