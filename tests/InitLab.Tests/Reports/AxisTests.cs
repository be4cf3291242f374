using InitLab.Reports.Svg;

namespace InitLab.Tests.Reports;

public class AxisTests
{
    [Theory]
    [InlineData(0.0, 10.0, new[] { 0.0, 2, 4, 6, 8, 10 })]
    [InlineData(-1.0, 1.0, new[] { -1.0, -0.5, 0, 0.5, 1 })]
    [InlineData(0.0, 4.0, new[] { 0.0, 1, 2, 3, 4 })]
    [InlineData(0.13, 0.61, new[] { 0.2, 0.3, 0.4, 0.5, 0.6 })]
    public void LinearTicks_AreOneTwoFiveSteps_InsideTheRange(double min, double max, double[] expected)
    {
        var ticks = new Axis("x", min, max).Ticks();
        Assert.Equal(expected.Length, ticks.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], ticks[i], 12);
    }

    [Fact]
    public void LogTicks_ArePowersOfTen() =>
        Assert.Equal([1e-3, 1e-2, 1e-1, 1, 10], new Axis("y", 5e-4, 20, AxisScale.Log).Ticks());

    [Fact]
    public void Fraction_IsNaNForUndrawableValues()
    {
        Assert.True(double.IsNaN(new Axis("y", 1, 10, AxisScale.Log).Fraction(-1)));
        Assert.True(double.IsNaN(new Axis("y", 1, 10).Fraction(double.PositiveInfinity)));
        Assert.Equal(1.5, new Axis("y", 0, 10).Fraction(15));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e-6, "1e-6")]
    [InlineData(250000.0, "2.5e+5")]
    public void FormatTick_IsShort(double value, string text) => Assert.Equal(text, Axis.FormatTick(value));
}
