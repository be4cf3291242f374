using InitLab.Numerics;

namespace InitLab.Tests.Numerics;

/// <summary>Welch's test, the Student-t interval and Holm's correction against scipy 1.10 (bench/peers/stats_reference.py prints these numbers).</summary>
public class WelchTests
{
    public static TheoryData<double[], double[], double, double, double, double> Cases => new()
    {
        { [0.81, 0.83, 0.80], [0.78, 0.79, 0.77, 0.80], 2.592475695654303, 3.9593147751606113, 0.06114410196916132, 0.037945830337394536 },
        { [0.5, 0.9], [0.52, 0.56, 0.51, 0.58, 0.50], 0.8275622816158763, 1.011826004584195, 0.5585791236035851, 2.5412409472864197 },
        { [1.0, 2.0, 3.0, 4.0, 5.0], [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5], -2.3145502494313783, 9.966101694915256, 0.043254457298141535, 1.9632431614775607 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Welch_MatchesScipyTtestInd_AndIntervalMatchesStudentT(double[] a, double[] b, double t, double df, double p, double halfWidth)
    {
        var (tGot, dfGot) = Welch.Statistic(a, b);
        Assert.Equal(t, tGot, 1e-10);
        Assert.Equal(df, dfGot, 1e-9);
        Assert.Equal(p, Welch.PValue(a, b), 1e-9);
        Assert.Equal(halfWidth, MeanInterval.Of(a).HalfWidth, 1e-9);
        Assert.Equal(a.Average(), MeanInterval.Of(a).Mean, 1e-15);
    }

    [Fact]
    public void Welch_ZeroVarianceSample_MatchesScipyWithTheOtherSamplesVariance()
    {
        // scipy: t = -129.90381056766566, df = 2.0, p = 5.9253992289739394e-05 (a's variance is rounding noise).
        double[] a = [0.1, 0.1, 0.1], b = [0.85, 0.86, 0.84];
        Assert.Equal(-129.90381056766566, Welch.Statistic(a, b).T, 1e-6);
        Assert.Equal(5.9253992289739394e-05, Welch.PValue(a, b), 1e-10);
    }

    [Fact]
    public void Welch_DegenerateSamples_GiveDefinedAnswers()
    {
        Assert.Equal(1, Welch.PValue([0.5, 0.5], [0.5, 0.5, 0.5]));
        Assert.Equal(0, Welch.PValue([0.25, 0.25], [0.5, 0.5, 0.5]));
        Assert.True(double.IsNaN(Welch.PValue([0.5], [0.1, 0.2])));
        Assert.True(double.IsNaN(MeanInterval.Of([0.5]).HalfWidth));
        Assert.Equal(0, MeanInterval.Of([0.5]).Std);
    }

    [Fact]
    public void Holm_MatchesTheStepDownRule_AndKeepsNaN()
    {
        Assert.Equal([0.04, 0.09, 0.09, 0.025, 0.2], Welch.Holm([0.01, 0.04, 0.03, 0.005, 0.2]), new Tolerance(1e-12));
        var adjusted = Welch.Holm([0.01, double.NaN, 0.02]);
        Assert.Equal(0.02, adjusted[0], 1e-12);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.02, adjusted[2], 1e-12);
    }

    sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;

        public int GetHashCode(double obj) => 0;
    }
}
