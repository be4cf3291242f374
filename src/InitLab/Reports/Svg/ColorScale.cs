using System.Globalization;
using InitLab.Validation;

namespace InitLab.Reports.Svg;

/// <summary>A diverging color map for heatmaps: blue at <see cref="Min"/>, near-white at <see cref="Center"/>, red at <see cref="Max"/>.</summary>
/// <remarks>
/// Colors are interpolated linearly in sRGB between the end points of Moreland's "cool to warm" map (2009):
/// #3B4CC0, #F2F2F2, #B40426. Values beyond the range are clamped; NaN is gray (#BBBBBB).
/// With Center = Min the map is sequential, white to red.
/// </remarks>
public sealed record ColorScale
{
    static readonly (int R, int G, int B) Cool = (0x3B, 0x4C, 0xC0), Neutral = (0xF2, 0xF2, 0xF2), Warm = (0xB4, 0x04, 0x26);

    /// <summary>Creates a color scale.</summary>
    /// <param name="min">The blue end; finite.</param>
    /// <param name="center">The white point; min ≤ center ≤ max.</param>
    /// <param name="max">The red end; finite and &gt; min.</param>
    /// <exception cref="ArgumentOutOfRangeException">The values are not finite or not ordered.</exception>
    public ColorScale(double min, double center, double max)
    {
        Guard.Finite(min, nameof(min));
        Guard.Finite(center, nameof(center));
        Guard.Finite(max, nameof(max));
        Guard.Less(min, max, nameof(min), nameof(max));
        if (center < min || center > max)
            throw Guard.OutOfRange(nameof(center), center, $"it must lie in [min, max] = [{Guard.Format(min)}, {Guard.Format(max)}]");
        Min = min;
        Center = center;
        Max = max;
    }

    /// <summary>The blue end.</summary>
    public double Min { get; }

    /// <summary>The white point.</summary>
    public double Center { get; }

    /// <summary>The red end.</summary>
    public double Max { get; }

    /// <summary>The color of <paramref name="value"/> as #RRGGBB.</summary>
    public string Color(double value)
    {
        if (double.IsNaN(value))
            return "#BBBBBB";
        value = Math.Clamp(value, Min, Max);
        var (from, to, t) = value < Center
            ? (Cool, Neutral, (value - Min) / (Center - Min))
            : (Neutral, Warm, Max == Center ? 0 : (value - Center) / (Max - Center));
        int Mix(int a, int b) => (int)Math.Round(a + (b - a) * t);
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(from.R, to.R):X2}{Mix(from.G, to.G):X2}{Mix(from.B, to.B):X2}");
    }
}
