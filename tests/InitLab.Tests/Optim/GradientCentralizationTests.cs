using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary><see cref="Optimizer.GradientCentralization"/> (Yong et al. 2020): each output row of a weight's gradient loses its mean.</summary>
public class GradientCentralizationTests
{
    [Fact]
    public void WeightRows_AreCentered_BeforeTheUpdate()
    {
        // Rows [1, 2, 6] (mean 3) and [−1, 0, 4] (mean 1): centered [−2, −1, 3] and [−2, −1, 3]; SGD lr 0.5 from 0.
        var p = new Parameter("weight", ParameterRole.Weight, [2, 3]);
        var tape = new Tape(1);
        OptimizerSteps.SetGradient(tape, p, [1, 2, 6, -1, 0, 4]);
        new Sgd([p], 0.5) { GradientCentralization = true }.Step(tape);
        Assert.Equal([1f, 0.5f, -1.5f, 1f, 0.5f, -1.5f], p.Value.ToArray());
    }

    [Fact]
    public void Biases_AreLeftAsTheyAre()
    {
        var p = new Parameter("bias", ParameterRole.Bias, [3]);
        var tape = new Tape(1);
        OptimizerSteps.SetGradient(tape, p, [1, 2, 6]);
        new Sgd([p], 0.5) { GradientCentralization = true }.Step(tape);
        Assert.Equal([-0.5f, -1f, -3f], p.Value.ToArray());
    }

    [Fact]
    public void ConvWeights_CenterOverInputAndKernel()
    {
        // [2 out, 1 in, 2, 2]: rows of 4; row 0 = [1, 2, 3, 6] (mean 3), row 1 = [0, 0, 0, 4] (mean 1).
        var p = new Parameter("weight", ParameterRole.Weight, [2, 1, 2, 2]);
        var tape = new Tape(1);
        OptimizerSteps.SetGradient(tape, p, [1, 2, 3, 6, 0, 0, 0, 4]);
        new Adagrad([p], 0.1) { GradientCentralization = true }.Step(tape);
        Assert.Equal([-2f, -1f, 0f, 3f, -1f, -1f, -1f, 3f], p.Grad!.ToArray());
    }

    /// <summary>Row widths that take the vector path with an even and an odd number of vectors, with and without a scalar tail.</summary>
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(29)]
    [InlineData(100)]
    [InlineData(784)]
    public void WideRows_LoseTheirFloat64Mean(int width)
    {
        const int rows = 3;
        var rng = new System.Random(width);
        float[] g = [.. Enumerable.Range(0, rows * width).Select(_ => (float)(rng.NextDouble() * 2 - 0.5))];
        var p = new Parameter("weight", ParameterRole.Weight, [rows, width]);
        var tape = new Tape(1);
        OptimizerSteps.SetGradient(tape, p, g);
        new Sgd([p], 0.5) { GradientCentralization = true }.Step(tape);
        for (int r = 0; r < rows; r++)
        {
            var row = g.AsSpan(r * width, width).ToArray();
            float mean = (float)(row.Sum(x => (double)x) / width);
            Assert.Equal([.. row.Select(x => x - mean)], p.Grad!.Span.Slice(r * width, width).ToArray());
        }
    }
}
