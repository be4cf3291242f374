using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Optim;
using InitLab.Tensors;

namespace InitLab.Tests.Optim;

/// <summary>Runs an optimizer on w = [1, −2] for a list of gradients and compares w after each step with reference values.</summary>
internal static class OptimizerSteps
{
    /// <summary>The gradients of bench/peers/optim_reference.py, one per step.</summary>
    public static readonly float[][] Reference = [[0.5f, -1f], [-0.25f, 2f], [1f, 0.5f], [0.75f, -0.5f], [-1f, 1.5f], [0.25f, 0.25f], [2f, -1f], [-0.5f, 0.75f]];

    /// <summary>
    /// Runs one step per gradient from w = [1, −2] and returns w after each. The pair is repeated to 37 elements (vector lanes
    /// plus a scalar tail), and every repetition must end with the pair's values.
    /// </summary>
    public static double[][] Run(Func<Parameter, Optimizer> create, float[][] gradients, double multiplier = 1)
    {
        const int copies = 37;
        var p = new Parameter("w", ParameterRole.Weight, [2 * copies]) { LearningRateMultiplier = multiplier };
        for (int c = 0; c < copies; c++)
            (p.Value.Span[2 * c], p.Value.Span[2 * c + 1]) = (1f, -2f);
        var optimizer = create(p);
        var tape = new Tape(1);
        var result = new double[gradients.Length][];
        for (int s = 0; s < gradients.Length; s++)
        {
            SetGradient(tape, p, [.. Enumerable.Repeat(gradients[s], copies).SelectMany(g => g)]);
            optimizer.Step(tape);
            for (int c = 1; c < copies; c++)
                Assert.Equal(p.Value.Span[..2].ToArray(), p.Value.Span.Slice(2 * c, 2).ToArray());
            result[s] = [p.Value.Span[0], p.Value.Span[1]];
        }
        return result;
    }

    /// <summary>A backward pass that reaches p (MSE(p, p − g) has gradient ≈ g), then the gradient set to exactly g.</summary>
    public static void SetGradient(Tape tape, Parameter p, float[] g)
    {
        tape.Reset();
        var target = Tensor.ZerosLike(p.Value);
        System.Numerics.Tensors.TensorPrimitives.Subtract(p.Value.Span, g, target.Span);
        tape.Backward(Ops.MeanSquaredError(tape, "loss", p, target));
        Assert.True(p.HasGrad(tape));
        g.CopyTo(p.Grad!.Span);
    }

    /// <summary>Asserts every step's w within 2e-6 of <paramref name="expected"/> (float32 against float64 references).</summary>
    public static void AssertSteps(double[][] expected, double[][] actual, double tolerance = 2e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int s = 0; s < expected.Length; s++)
            for (int i = 0; i < 2; i++)
                Assert.True(Math.Abs(expected[s][i] - actual[s][i]) < tolerance, $"step {s + 1}, w[{i}] = {actual[s][i]}, expected {expected[s][i]}");
    }

    /// <summary>Runs <paramref name="create"/> against the reference gradients and compares with torch's float64 numbers within 5e-6
    /// (8 float32 steps of O(1) weights accumulate a few ulps; a wrong formula is off by &gt; 1e-4 here).</summary>
    public static void AssertMatches(double[][] torch, Func<Parameter, Optimizer> create) => AssertSteps(torch, Run(create, Reference), 5e-6);
}
