using InitLab.Lab;

namespace InitLab.Tests.Lab;

public class SignalCorrelationTests
{
    [Fact]
    public void Rho_IsOneForMonotoneData_AndMinusOneForReversed()
    {
        Assert.Equal(1, SignalCorrelation.Rho([1, 2, 10, 100], [0.1, 0.2, 0.3, 0.9]), 1e-12);
        Assert.Equal(-1, SignalCorrelation.Rho([1, 2, 10, 100], [0.9, 0.3, 0.2, 0.1]), 1e-12);
    }

    [Fact]
    public void Rho_GivesTiesTheirMeanRank_AsScipySpearmanr()
    {
        // scipy.stats.spearmanr([1, 2, 2, 3, 5], [2, 1, 4, 3, 5]).correlation = 0.6668859288553503
        Assert.Equal(0.6668859288553503, SignalCorrelation.Rho([1, 2, 2, 3, 5], [2, 1, 4, 3, 5]), 1e-12);
    }

    [Fact]
    public void Rho_IsNaNForAConstantSample()
    {
        Assert.True(double.IsNaN(SignalCorrelation.Rho([1, 1, 1], [0.1, 0.2, 0.3])));
    }
}
