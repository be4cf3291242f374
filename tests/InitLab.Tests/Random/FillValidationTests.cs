using InitLab.Random;
using InitLab.Tests.Validation;

namespace InitLab.Tests.Random;

public class FillValidationTests
{
    static readonly RandomStream S = new(0, "w");

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-1.0, "-1")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Normal_RejectsBadStd(double std, string text) =>
        GuardAssert.Rejects("std", text, () => Fill.Normal<float>(new float[4], S, 0, std));

    [Fact]
    public void Normal_RejectsNaNMean() => GuardAssert.Rejects("mean", "NaN", () => Fill.Normal<float>(new float[4], S, double.NaN, 1));

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, 1.0)]
    public void Uniform_RejectsLowNotBelowHigh(double low, double high) =>
        GuardAssert.Rejects("low", "must be less than high", () => Fill.Uniform<float>(new float[4], S, low, high));

    [Theory]
    [InlineData(double.NaN, 1.0, "low")]
    [InlineData(0.0, double.PositiveInfinity, "high")]
    [InlineData(double.NegativeInfinity, 0.0, "low")]
    public void Uniform_RejectsNonFiniteBounds(double low, double high, string parameter) =>
        GuardAssert.Rejects(parameter, parameter, () => Fill.Uniform<float>(new float[4], S, low, high));

    [Fact]
    public void TruncatedNormal_RejectsBoundsWithoutMass() =>
        GuardAssert.Rejects("low", "no probability mass", () => Fill.TruncatedNormal<float>(new float[4], S, 0, 1, 50, 60));

    [Fact]
    public void TruncatedNormal_RejectsNaNBound() =>
        GuardAssert.Rejects("low", "NaN", () => Fill.TruncatedNormal<float>(new float[4], S, 0, 1, double.NaN, 1));

    [Fact]
    public void TruncatedNormal_RejectsBoundsHoldingNoValueOfTheType() =>
        GuardAssert.Rejects("high", "Half", () => Fill.TruncatedNormal<Half>(new Half[4], S, 1, 1, 1.0001, 1.0002));

    [Fact]
    public void Constant_RejectsInfinity() => GuardAssert.Rejects("value", "Infinity", () => Fill.Constant<float>(new float[4], double.PositiveInfinity));

    [Fact]
    public void Threads_RejectsNegative() => Assert.Throws<ArgumentOutOfRangeException>(() => Fill.Normal<float>(new float[4], S, 0, 1, threads: -1));

    [Fact]
    public void UnsupportedElementType_IsRejected() => Assert.Throws<NotSupportedException>(() => Fill.Normal<int>(new int[4], S, 0, 1));

    [Fact]
    public void Distribution_ValidatesAtConstruction() =>
        GuardAssert.Rejects("low", "must be less than high", () => Distribution.TruncatedNormal(0, 1, 2, 1));
}
