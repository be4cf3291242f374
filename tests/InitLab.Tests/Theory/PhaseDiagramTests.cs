using InitLab.Activations;
using InitLab.Theory;

namespace InitLab.Tests.Theory;

public class PhaseDiagramTests
{
    [Fact]
    public void Tanh_CellsLeftOfTheCriticalLineAreOrdered_AndRightOfItChaotic()
    {
        var d = PhaseDiagram.Compute(Activation.Tanh, 3, 1, 12, 4);
        Assert.Equal(12, d.SigmaW.Count);
        Assert.Equal(4, d.SigmaB.Count);
        Assert.Equal(0.125, d.SigmaW[0], 15);
        Assert.Equal(0.875, d.SigmaB[3], 15);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(1, MeanField.Analyze(Activation.Tanh, d.CriticalSigmaW[i], d.SigmaB[i]).Chi1, 9);
            for (int j = 0; j < 12; j++)
                Assert.Equal(d.SigmaW[j] < d.CriticalSigmaW[i], d.Chi1[i, j] < 1);
        }
        Assert.True(d.CriticalSigmaW[3] > d.CriticalSigmaW[0]);
    }

    [Theory]
    [InlineData(0.0, 1.0, 8, 4, "sigmaWMax")]
    [InlineData(3.0, double.NaN, 8, 4, "sigmaBMax")]
    [InlineData(3.0, 1.0, 1, 4, "columns")]
    [InlineData(3.0, 1.0, 8, 201, "rows")]
    public void Compute_RejectsBadArguments_NamingThem(double wMax, double bMax, int columns, int rows, string parameter) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(() => PhaseDiagram.Compute(Activation.Tanh, wMax, bMax, columns, rows)).ParamName);
}
