namespace InitLab.Reports.Svg;

/// <summary>How an axis maps values to distance.</summary>
public enum AxisScale
{
    /// <summary>Equal distances for equal differences.</summary>
    Linear,

    /// <summary>Equal distances for equal ratios (base 10); only values &gt; 0 are drawn.</summary>
    Log,
}
