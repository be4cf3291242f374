using InitLab.Activations;
using InitLab.Autograd;

namespace InitLab.Tests.Autograd;

public class ActivationKernelTests
{
    public static TheoryData<string> Names => new() { "identity", "sigmoid", "tanh", "relu", "leaky_relu:0.2", "elu", "elu:0.5", "selu", "gelu", "silu", "softplus" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32Kernels_MatchTheFloat64Definitions(string name)
    {
        var f = Activation.Parse(name);
        // Lengths around the vector widths, values over [−30, 30] including exact kinks at 0.
        foreach (int n in new[] { 0, 1, 15, 16, 17, 33, 1001 })
        {
            var x = Enumerable.Range(0, n).Select(i => n == 1 ? 0f : -30f + 60f * i / (n - 1)).ToArray();
            var dy = x.Select((_, i) => 1f + 0.25f * (i % 3)).ToArray();
            var (y, dx) = (new float[n], new float[n]);
            ActivationKernels.Forward(f, x, y);
            ActivationKernels.Backward(f, x, y, dy, dx);
            for (int i = 0; i < n; i++)
            {
                double value = f.Value(x[i]), slope = dy[i] * f.Derivative(x[i]);
                Assert.True(Math.Abs(y[i] - value) <= 1e-6 * Math.Max(1, Math.Abs(value)), $"{name}: φ({x[i]}) = {y[i]}, expected {value}");
                Assert.True(Math.Abs(dx[i] - slope) <= 1e-5 * Math.Max(1, Math.Abs(slope)), $"{name}: dy·φ′({x[i]}) = {dx[i]}, expected {slope}");
            }
        }
    }
}
