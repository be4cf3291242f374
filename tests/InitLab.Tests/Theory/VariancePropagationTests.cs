using InitLab.Activations;
using InitLab.Random;
using InitLab.Theory;

namespace InitLab.Tests.Theory;

public class VariancePropagationTests
{
    static LayerVariance[] Stack(int depth, int width, double weightVariance, Activation activation, double biasVariance = 0) =>
        Enumerable.Range(0, depth).Select(_ => new LayerVariance(width, weightVariance, biasVariance, activation)).ToArray();

    [Fact]
    public void Linear_IsTheProductFormula()
    {
        LayerVariance[] layers =
        [
            new(100, 0.02, 0, Activation.Identity),
            new(50, 0.01, 0, Activation.Identity),
            new(20, 0.2, 0, Activation.Identity),
        ];
        var std = VariancePropagation.PreActivationStd(3, layers, PropagationRule.LinearRegime);
        Assert.Equal(Math.Sqrt(3 * 2.0), std[0], 14);
        Assert.Equal(Math.Sqrt(3 * 2.0 * 0.5), std[1], 14);
        Assert.Equal(Math.Sqrt(3 * 2.0 * 0.5 * 4), std[2], 14);
    }

    [Fact]
    public void Relu_HeInitialization_KeepsStdConstant_InBothRules()
    {
        var layers = Stack(10, 500, 2.0 / 500, Activation.Relu);
        foreach (var rule in new[] { PropagationRule.LinearRegime, PropagationRule.MeanField })
            Assert.All(VariancePropagation.PreActivationStd(1, layers, rule), s => Assert.Equal(Math.Sqrt(2), s, 12));
    }

    [Fact]
    public void PositivelyHomogeneousActivations_BothRulesAgree()
    {
        foreach (var a in new[] { Activation.Identity, Activation.Relu, Activation.LeakyRelu(0.3) })
        {
            var layers = Stack(6, 64, 1.7 / 64, a, biasVariance: 0.01);
            var linear = VariancePropagation.PreActivationStd(1, layers, PropagationRule.LinearRegime);
            var meanField = VariancePropagation.PreActivationStd(1, layers, PropagationRule.MeanField);
            for (int l = 0; l < layers.Length; l++)
                Assert.Equal(linear[l], meanField[l], 12);
        }
    }

    [Fact]
    public void Tanh_MeanField_IteratesTheVarianceMap_AndLinearRegimeOverestimates()
    {
        var layers = Stack(5, 100, 1.0 / 100, Activation.Tanh, biasVariance: 0.04);
        var meanField = VariancePropagation.PreActivationStd(1, layers, PropagationRule.MeanField);
        double q = 1 + 0.04;
        for (int l = 0; l < layers.Length; l++)
        {
            Assert.Equal(Math.Sqrt(q), meanField[l], 13);
            q = MeanField.VarianceMap(Activation.Tanh, 1, 0.2, q);
        }
        var linear = VariancePropagation.PreActivationStd(1, layers, PropagationRule.LinearRegime);
        Assert.True(linear[4] > meanField[4] * 1.2, $"{linear[4]} vs {meanField[4]}");   // tanh² < z² bends q down
    }

    [Theory]
    [InlineData("relu", 2.0)]
    [InlineData("tanh", 1.0)]
    [InlineData("gelu", 2.0)]
    [InlineData("identity", 1.0)]
    public void Prediction_MatchesASimulatedNetwork(string name, double gainSquared)
    {
        // 6 layers of 400 units, 400 N(0, 1) inputs, W ~ N(0, gain²/400): the measured pre-activation std of every layer
        // must match the mean-field prediction. Finite width leaves a few per cent of error: relu and gelu outputs have a
        // mean, and that shared component meets only `width` independent weights per layer. The seed is fixed, so 6% cannot flake.
        const int width = 400, batch = 400, depth = 6;
        var activation = Activation.Parse(name);
        var predicted = VariancePropagation.PreActivationStd(1, Stack(depth, width, gainSquared / width, activation), PropagationRule.MeanField);

        var x = new double[batch * width];
        Fill.Normal<double>(x, new RandomStream(7, "input"), 0, 1);
        var w = new double[width * width];
        var z = new double[batch * width];
        for (int l = 0; l < depth; l++)
        {
            Fill.Normal<double>(w, new RandomStream(7, $"layer{l}.weight"), 0, Math.Sqrt(gainSquared / width));
            for (int b = 0; b < batch; b++)
                for (int o = 0; o < width; o++)
                {
                    double sum = 0;
                    for (int i = 0; i < width; i++)
                        sum += w[o * width + i] * x[b * width + i];
                    z[b * width + o] = sum;
                }
            double measured = Math.Sqrt(z.Sum(v => v * v) / z.Length);
            Assert.True(Math.Abs(measured / predicted[l] - 1) < 0.06, $"{name} layer {l}: measured {measured}, predicted {predicted[l]}");
            for (int k = 0; k < z.Length; k++)
                x[k] = activation.Value(z[k]);
        }
    }

    [Fact]
    public void Layer_RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerVariance(0, 1, 0, Activation.Relu));
        Assert.Equal("weightVariance", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerVariance(3, -1, 0, Activation.Relu)).ParamName);
        Assert.Equal("biasVariance", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerVariance(3, 1, double.NaN, Activation.Relu)).ParamName);
    }
}
