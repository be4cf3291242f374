using InitLab.Data;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class RegularizationConfigTests
{
    static readonly TrainingConfig Base = new() { Data = DataSource.Embedded, Model = "mlp:784-16-10" };

    public static TheoryData<TrainingConfig, string> Invalid => new()
    {
        { Base with { L1 = -0.1 }, "--l1 = -0.1 is not allowed; it must be finite and ≥ 0." },
        { Base with { L2 = double.PositiveInfinity }, $"--l2 = {double.PositiveInfinity} is not allowed" },
        { Base with { DropConnect = 1 }, "--dropconnect = 1 is not allowed; it must be in [0, 1)." },
        { Base with { DropConnect = -0.5 }, "--dropconnect = -0.5 is not allowed" },
        { Base with { DropConnect = 0.2, Init = "weight-norm" }, "--dropconnect = 0.2 masks a Linear layer's weight, but --init weight-norm" },
        { Base with { LabelSmoothing = 1.1 }, "--label-smoothing = 1.1 is not allowed; it must be in [0, 1]." },
        { Base with { LabelSmoothing = 0.1, Teacher = "/tmp/run" }, "--label-smoothing = 0.1 smooths the cross-entropy targets; it cannot be combined with --teacher" },
        { Base with { LabelSmoothing = 0.1, ClassWeights = "balanced" }, "--label-smoothing = 0.1 cannot be combined with --class-weights balanced" },
        { Base with { ClipNorm = 0 }, "--clip-norm = 0 is not allowed; it must be finite and > 0." },
        { Base with { ClipValue = -1 }, "--clip-value = -1 is not allowed; it must be finite and > 0." },
        { Base with { ClipNorm = 1, ClipValue = 2 }, "--clip-norm = 1 and --clip-value = 2 both clip the gradient; choose one." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_RejectsBadValuesAndCombinations_NamingTheOption(TrainingConfig config, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => config.Validate());
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Json_RoundTrips_AndAnOldConfigReadsAsNoRegularization()
    {
        var config = Base with { L1 = 1e-5, L2 = 1e-3, DropConnect = 0.3, LabelSmoothing = 0.1, ClipNorm = 2.5 };
        Assert.Equal(config.ToJson(), TrainingConfig.FromJson(config.ToJson(), "test").ToJson());
        Assert.Contains("\"drop_connect\": 0.3", config.ToJson());
        var old = TrainingConfig.FromJson("""{ "data": "embedded", "model": "mlp:784-16-10", "dropout": 0.1 }""", "old");
        Assert.Equal((0.0, 0.0, 0.0, 0.0, (double?)null, (double?)null), (old.L1, old.L2, old.DropConnect, old.LabelSmoothing, old.ClipNorm, old.ClipValue));
        Assert.Equal(ClipKind.None, GradientClipping.Of(old).Kind);
    }

    [Fact]
    public void EpochMetrics_CsvRoundTrips_TheClippingColumns_AndReadsOldRows()
    {
        var m = new EpochMetrics(2, 80, 0.5, 0.8, 0.6, 0.75, 1000, 3.5, double.NaN, double.NaN, 0.74, 12, 0.3, 1.25, 7.5);
        Assert.Equal(m, EpochMetrics.FromCsv(m.ToCsv()));
        Assert.Equal(EpochMetrics.CsvHeader.Split(',').Length, m.ToCsv().Split(',').Length);
        var old = EpochMetrics.FromCsv("1,40,0.5,0.8,0.6,0.75,1000.0,3.500,NaN,NaN,0.74");
        Assert.Equal(0, old.ClippedSteps);
        Assert.True(double.IsNaN(old.GradNormMean));
        Assert.Equal(12, (int)m.ToJson()["clipped_steps"]!);
        Assert.False(old.ToJson().ContainsKey("grad_norm_mean"));
    }
}
