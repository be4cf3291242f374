using InitLab.Autograd;
using InitLab.Models;
using InitLab.Nn;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Init.Learned;

/// <summary>A model's mean softmax cross-entropy on one labelled batch, its gradient and Hessian-vector products, all in evaluation mode.</summary>
/// <remarks>
/// The learned initializers (<see cref="GradInit"/>, <see cref="MetaInit"/>) need second derivatives, and the tape has
/// first derivatives only. A Hessian-vector product is therefore the central difference of two gradients:
/// H·v ≈ (∇L(θ + t·v) − ∇L(θ − t·v)) / (2t), t = δ·‖θ‖/‖v‖, δ = <see cref="HvpStep"/>. Its truncation error is
/// O(t²·‖∇³L‖·‖v‖³) and its float32 rounding error about u·‖∇L‖/t (u = 6·10⁻⁸); δ = 10⁻³ balances them near
/// 10⁻⁴ relative (measured against torch double backward in tests/InitLab.Tests/Init/Learned). Gradients and sums are
/// accumulated in double; every pass runs the model in the fixed parameter order, so the result does not depend on threads.
/// </remarks>
public sealed class LossSurface
{
    /// <summary>δ of the Hessian-vector product: the perturbation t·v has norm δ·‖θ‖.</summary>
    public const double HvpStep = 1e-3;

    readonly Model _model;
    readonly Tape _tape;
    readonly IReadOnlyList<Parameter> _parameters;

    /// <summary>Wraps <paramref name="model"/>; passes run on <paramref name="threads"/> workers.</summary>
    public LossSurface(Model model, int threads)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _parameters = model.Parameters;
        _tape = new Tape(threads, training: false);
    }

    /// <summary>The parameters, in the model's order; every vector here is one double[] per parameter in this order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The current parameter values θ.</summary>
    public double[][] Values() => [.. _parameters.Select(p => Array.ConvertAll(p.Value.Span.ToArray(), v => (double)v))];

    /// <summary>Writes <paramref name="values"/> into the parameters (rounded to float32).</summary>
    public void Set(double[][] values)
    {
        for (int k = 0; k < _parameters.Count; k++)
        {
            var span = _parameters[k].Value.Span;
            for (int i = 0; i < span.Length; i++)
                span[i] = (float)values[k][i];
        }
    }

    /// <summary>The loss on (<paramref name="images"/>, <paramref name="labels"/>).</summary>
    public double Loss(Tensor images, int[] labels)
    {
        _tape.Reset();
        return Ops.SoftmaxCrossEntropy(_tape, "loss", _model.Forward(_tape, new Variable(images, requiresGrad: false)), labels).Value.Span[0];
    }

    /// <summary>The loss and its gradient ∇L at the current parameters.</summary>
    /// <exception cref="ArgumentException">The loss is not finite.</exception>
    public (double Loss, double[][] Gradient) Gradient(Tensor images, int[] labels)
    {
        _tape.Reset();
        var loss = Ops.SoftmaxCrossEntropy(_tape, "loss", _model.Forward(_tape, new Variable(images, requiresGrad: false)), labels);
        double value = loss.Value.Span[0];
        if (!double.IsFinite(value))
            throw new ArgumentException($"the loss on the init batch is {value}; the base scheme gives a network whose output overflows.");
        _tape.Backward(loss);
        var gradient = _parameters.Select(p => p.HasGrad(_tape) ? Array.ConvertAll(p.Grad!.Span.ToArray(), v => (double)v) : new double[p.Value.Length]).ToArray();
        return (value, gradient);
    }

    /// <summary>The gradient at θ + <paramref name="shift"/>; the parameters are θ again afterwards.</summary>
    public double[][] GradientAt(double[][] theta, double[][] shift, double scale, Tensor images, int[] labels)
    {
        Set(Axpy(theta, scale, shift));
        var g = Gradient(images, labels).Gradient;
        Set(theta);
        return g;
    }

    /// <summary>H·v at θ = <paramref name="theta"/> by the central difference of gradients (see the remarks); zero when v = 0.</summary>
    public double[][] HessianVector(double[][] theta, double[][] v, Tensor images, int[] labels)
    {
        double vn = Norm(v);
        if (vn == 0)
            return [.. v.Select(a => new double[a.Length])];
        double t = HvpStep * Math.Max(Norm(theta), 1e-12) / vn;
        var plus = GradientAt(theta, v, t, images, labels);
        var minus = GradientAt(theta, v, -t, images, labels);
        return [.. plus.Select((p, k) => p.Select((x, i) => (x - minus[k][i]) / (2 * t)).ToArray())];
    }

    /// <summary>a + s·b, tensor by tensor.</summary>
    public static double[][] Axpy(double[][] a, double s, double[][] b) => [.. a.Select((x, k) => x.Select((v, i) => v + s * b[k][i]).ToArray())];

    /// <summary>The Euclidean norm over every tensor.</summary>
    public static double Norm(double[][] v) => Math.Sqrt(v.Sum(a => a.Sum(x => x * x)));

    /// <summary>Σᵢ aᵢ·bᵢ of one tensor.</summary>
    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }
}
