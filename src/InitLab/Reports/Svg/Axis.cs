using System.Globalization;
using InitLab.Validation;

namespace InitLab.Reports.Svg;

/// <summary>One axis of a chart: its label, its range and its scale.</summary>
public sealed record Axis
{
    /// <summary>Creates an axis.</summary>
    /// <param name="label">The axis title.</param>
    /// <param name="min">The value at the start of the axis; finite (and &gt; 0 on a log axis).</param>
    /// <param name="max">The value at the end; finite and &gt; <paramref name="min"/>.</param>
    /// <param name="scale">Linear or log.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty, not finite, or not positive on a log axis.</exception>
    public Axis(string label, double min, double max, AxisScale scale = AxisScale.Linear)
    {
        ArgumentNullException.ThrowIfNull(label);
        Guard.Finite(min, nameof(min));
        Guard.Finite(max, nameof(max));
        Guard.Less(min, max, nameof(min), nameof(max));
        if (scale == AxisScale.Log)
            Guard.Positive(min, nameof(min));
        Label = label;
        Min = min;
        Max = max;
        Scale = scale;
    }

    /// <summary>The axis title.</summary>
    public string Label { get; }

    /// <summary>The value at the start.</summary>
    public double Min { get; }

    /// <summary>The value at the end.</summary>
    public double Max { get; }

    /// <summary>Linear or log.</summary>
    public AxisScale Scale { get; }

    /// <summary>The fraction of the axis length at which <paramref name="value"/> lies (0 at Min, 1 at Max; outside for values beyond); NaN if it cannot be drawn.</summary>
    public double Fraction(double value)
    {
        if (!double.IsFinite(value))
            return double.NaN;
        if (Scale == AxisScale.Linear)
            return (value - Min) / (Max - Min);
        return value > 0 ? Math.Log10(value / Min) / Math.Log10(Max / Min) : double.NaN;
    }

    /// <summary>Tick values inside the range: 1-2-5 steps aiming at about five ticks, or powers of ten on a log axis.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        if (Scale == AxisScale.Log)
        {
            int first = (int)Math.Ceiling(Math.Log10(Min) - 1e-9), last = (int)Math.Floor(Math.Log10(Max) + 1e-9);
            int stride = Math.Max(1, (last - first + 1) / 8 + 1);
            for (int e = first; e <= last; e += stride)
                ticks.Add(Math.Pow(10, e));
            return ticks;
        }
        double rough = (Max - Min) / 5, power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double step = power * (rough / power < 1.5 ? 1 : rough / power < 3.5 ? 2 : rough / power < 7.5 ? 5 : 10);
        for (double t = Math.Ceiling(Min / step - 1e-9) * step; t <= Max + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    /// <summary>A short label for a tick value.</summary>
    public static string FormatTick(double value) =>
        value != 0 && (Math.Abs(value) >= 1e5 || Math.Abs(value) < 1e-3)
            ? value.ToString("0.#e+0", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
}
