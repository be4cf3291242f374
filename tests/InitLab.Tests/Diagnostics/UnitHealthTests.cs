using InitLab.Activations;
using InitLab.Diagnostics;

namespace InitLab.Tests.Diagnostics;

public class UnitHealthTests
{
    [Fact]
    public void Saturation_CountsTanhBeyond099_AndSigmoidOutsideTheOpenInterval()
    {
        Assert.Equal(0.5, UnitHealth.SaturatedFraction(Activation.Tanh, [0.995f, -0.999f, 0.99f, 0f]));
        Assert.Equal(0.75, UnitHealth.SaturatedFraction(Activation.Sigmoid, [0.005f, 0.995f, 0.99f, 0.5f]));
        Assert.Null(UnitHealth.SaturatedFraction(Activation.Relu, [1f]));
    }

    [Fact]
    public void DeadFraction_CountsUnitsThatAreNonPositiveOnEverySample()
    {
        // Three samples of four units: unit 0 is alive once, unit 1 never, unit 2 always, unit 3 is exactly 0 throughout.
        float[] pre = [1, -1, 2, 0, -3, -2, 1, 0, -1, -5, 3, 0];
        Assert.Equal(0.5, UnitHealth.DeadFraction(Activation.Relu, pre, 3));
        Assert.Equal(0.5, UnitHealth.DeadFraction(Activation.LeakyRelu(0.1), pre, 3));
        Assert.Null(UnitHealth.DeadFraction(Activation.Tanh, pre, 3));
        Assert.Throws<ArgumentException>(() => UnitHealth.DeadFraction(Activation.Relu, pre, 5));
    }
}
