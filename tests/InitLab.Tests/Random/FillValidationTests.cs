using InitLab.Random;

namespace InitLab.Tests.Random;

public class FillValidationTests
{
    static readonly RandomStream S = new(0, "w");

    static void AssertNames(Action action, string parameter, string valueText)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(valueText, e.Message);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-1.0, "-1")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Normal_RejectsBadStd(double std, string text) =>
        AssertNames(() => Fill.Normal<float>(new float[4], S, 0, std), "std", text);

    [Fact]
    public void Normal_RejectsNaNMean() => AssertNames(() => Fill.Normal<float>(new float[4], S, double.NaN, 1), "mean", "NaN");

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, 1.0)]
    public void Uniform_RejectsLowNotBelowHigh(double low, double high) =>
        AssertNames(() => Fill.Uniform<float>(new float[4], S, low, high), "low", "must be less than high");

    [Theory]
    [InlineData(double.NaN, 1.0, "low")]
    [InlineData(0.0, double.PositiveInfinity, "high")]
    [InlineData(double.NegativeInfinity, 0.0, "low")]
    public void Uniform_RejectsNonFiniteBounds(double low, double high, string parameter) =>
        AssertNames(() => Fill.Uniform<float>(new float[4], S, low, high), parameter, parameter);

    [Fact]
    public void TruncatedNormal_RejectsBoundsWithoutMass() =>
        AssertNames(() => Fill.TruncatedNormal<float>(new float[4], S, 0, 1, 50, 60), "low", "no probability mass");

    [Fact]
    public void TruncatedNormal_RejectsNaNBound() =>
        AssertNames(() => Fill.TruncatedNormal<float>(new float[4], S, 0, 1, double.NaN, 1), "low", "NaN");

    [Fact]
    public void TruncatedNormal_RejectsBoundsHoldingNoValueOfTheType() =>
        AssertNames(() => Fill.TruncatedNormal<Half>(new Half[4], S, 1, 1, 1.0001, 1.0002), "high", "Half");

    [Fact]
    public void Constant_RejectsInfinity() => AssertNames(() => Fill.Constant<float>(new float[4], double.PositiveInfinity), "value", "Infinity");

    [Fact]
    public void Threads_RejectsNegative() => Assert.Throws<ArgumentOutOfRangeException>(() => Fill.Normal<float>(new float[4], S, 0, 1, threads: -1));

    [Fact]
    public void UnsupportedElementType_IsRejected() => Assert.Throws<NotSupportedException>(() => Fill.Normal<int>(new int[4], S, 0, 1));

    [Fact]
    public void Distribution_ValidatesAtConstruction() =>
        AssertNames(() => Distribution.TruncatedNormal(0, 1, 2, 1), "low", "must be less than high");
}
