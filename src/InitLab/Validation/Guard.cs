using System.Globalization;

namespace InitLab.Validation;

/// <summary>The one place argument errors are built: each names the argument, echoes its value and says what is allowed.</summary>
internal static class Guard
{
    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {Format(value)} is not allowed; it must be a finite number.");
    }

    public static void NotNaN(double value, string name)
    {
        if (double.IsNaN(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = NaN is not allowed; it must be a number (±∞ is allowed).");
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {Format(value)} is not allowed; it must be finite and > 0.");
    }

    /// <summary>Throws unless a count or size is at least 1.</summary>
    public static void AtLeastOne(long value, string name)
    {
        if (value < 1)
            throw OutOfRange(name, value, "it must be ≥ 1");
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {Format(value)} is not allowed; it must be finite and ≥ 0.");
    }

    public static void Less(double low, double high, string lowName, string highName)
    {
        if (!(low < high))
            throw new ArgumentOutOfRangeException(lowName, low, $"{lowName} = {Format(low)} must be less than {highName} = {Format(high)}.");
    }

    public static ArgumentOutOfRangeException OutOfRange(string name, object? value, string allowed) =>
        new(name, value, $"{name} = {FormatObject(value)} is not allowed; {allowed}.");

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    static string FormatObject(object? value) => value switch
    {
        null => "null",
        double d => Format(d),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
