using InitLab.Autograd;
using InitLab.Random;
using InitLab.Tensors;

namespace InitLab.Tests.Autograd;

/// <summary>Compares a tape's gradients with central finite differences of the loss evaluated in float64.</summary>
internal static class GradientCheck
{
    /// <summary>A tensor of <paramref name="shape"/> with entries U(low, high), from a fixed stream.</summary>
    public static Tensor Uniform(string name, double low, double high, params int[] shape)
    {
        var t = new Tensor(shape);
        Fill.Uniform(t.Span, new RandomStream(17, name), low, high);
        return t;
    }

    /// <summary>Entries drawn with |value| ∈ [low, high] and a random sign: away from the kinks of relu-like functions at 0.</summary>
    public static Tensor AwayFromZero(string name, double low, double high, params int[] shape)
    {
        var t = Uniform(name, low, high, shape);
        var signs = Uniform(name + "/sign", -1, 1, shape);
        for (int i = 0; i < t.Length; i++)
            if (signs.Span[i] < 0)
                t.Span[i] = -t.Span[i];
        return t;
    }

    /// <summary>
    /// Checks dL/d(input) for every input of <paramref name="f"/>, where L is f's output if it has one element, else
    /// Σ w⊙y with fixed random weights w. Returns the largest of max|analytic − numeric| / max|numeric| over the inputs.
    /// </summary>
    public static double MaxError(Func<Tape, Variable[], Variable> f, Tensor[] inputs, double step = 1e-2, bool training = true, bool[]? requiresGrad = null)
    {
        var variables = inputs.Select((t, i) => new Variable(t, requiresGrad?[i] ?? true)).ToArray();
        var tape = new Tape(threads: 1, training) { Seed = 5, Step = 3 };
        var y = f(tape, variables);
        var weights = Uniform("weights", -1, 1, y.Value.Shape.ToArray());
        var loss = y.Value.Length == 1 ? y : WeightedSum(tape, y, weights);
        tape.Backward(loss);
        double worst = 0;
        for (int v = 0; v < variables.Length; v++)
        {
            if (!variables[v].RequiresGrad)
                continue;
            Assert.True(variables[v].HasGrad(tape), $"input {v} received no gradient");
            var analytic = variables[v].Grad!.ToArray();
            var data = variables[v].Value.Span;
            double largest = 1e-3, difference = 0;
            for (int i = 0; i < data.Length; i++)
            {
                float saved = data[i];
                data[i] = saved + (float)step;
                double plus = Evaluate(f, variables, weights, training);
                data[i] = saved - (float)step;
                double minus = Evaluate(f, variables, weights, training);
                data[i] = saved;
                double numeric = (plus - minus) / (((double)saved + step) - ((double)saved - step));
                largest = Math.Max(largest, Math.Abs(numeric));
                difference = Math.Max(difference, Math.Abs(numeric - analytic[i]));
            }
            worst = Math.Max(worst, difference / largest);
        }
        return worst;
    }

    static Variable WeightedSum(Tape tape, Variable y, Tensor weights)
    {
        // At y = y₀, MSE(y, y₀ − n·w/2) has gradient (2/n)(y − y₀ + n·w/2) = w: the gradient of Σ w⊙y, which Evaluate computes.
        var target = Tensor.ZerosLike(y.Value);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(weights.Span, -0.5f * y.Value.Length, y.Value.Span, target.Span);
        return Ops.MeanSquaredError(tape, "loss", y, target);
    }

    static double Evaluate(Func<Tape, Variable[], Variable> f, Variable[] variables, Tensor weights, bool training)
    {
        var tape = new Tape(threads: 1, training) { Seed = 5, Step = 3 };
        var y = f(tape, variables.Select(v => new Variable(v.Value, false)).ToArray()).Value.Span;
        if (y.Length == 1)
            return y[0];
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
            sum += (double)weights.Span[i] * y[i];
        return sum;
    }
}
