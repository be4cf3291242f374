using System.Numerics;
using System.Numerics.Tensors;
using InitLab.Autograd;
using InitLab.Nn;

namespace InitLab.Training;

/// <summary>How a run clips its gradients before each update: not at all, by the global L2 norm, or element by element.</summary>
public enum ClipKind
{
    /// <summary>No clipping (the global norm is still measured).</summary>
    None,

    /// <summary>g ← g·min(1, c/(‖g‖₂ + 10⁻⁶)) over all parameters at once (<c>--clip-norm c</c>).</summary>
    Norm,

    /// <summary>g ← clamp(g, −c, c) per element (<c>--clip-value c</c>).</summary>
    Value,
}

/// <summary>Gradient clipping by global norm (PyTorch <c>clip_grad_norm_</c>) and by value (<c>clip_grad_value_</c>), and the global gradient norm.</summary>
/// <remarks>
/// Pascanu, Mikolov &amp; Bengio 2013, "On the difficulty of training recurrent neural networks" (norm clipping).
/// The global norm is ‖g‖₂ = √(Σ_p Σ_i g_pi²) over every parameter that received a gradient, summed in float64 in parameter
/// order, so it does not depend on the thread count. By norm: the coefficient c/(‖g‖₂ + 10⁻⁶) (PyTorch's ε), clamped to 1,
/// multiplies every gradient; a step is counted as clipped when the coefficient is below 1. By value: each element is clamped to
/// [−c, c]; a step is counted as clipped when any element was beyond c.
/// </remarks>
/// <param name="Kind">The clipping rule.</param>
/// <param name="Threshold">c: the maximal norm or value (ignored for <see cref="ClipKind.None"/>).</param>
public sealed record GradientClipping(ClipKind Kind, double Threshold)
{
    /// <summary>PyTorch's ε in the clip coefficient c/(‖g‖ + ε).</summary>
    public const double NormEpsilon = 1e-6;

    /// <summary>The clipping of <paramref name="config"/> (<see cref="TrainingConfig.ClipNorm"/> or <see cref="TrainingConfig.ClipValue"/>).</summary>
    public static GradientClipping Of(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ClipNorm is double norm ? new(ClipKind.Norm, norm)
            : config.ClipValue is double value ? new(ClipKind.Value, value)
            : new(ClipKind.None, 0);
    }

    /// <summary>Clips the gradients of <paramref name="parameters"/> from <paramref name="tape"/>'s latest backward pass in place.</summary>
    /// <param name="tape">The tape of the backward pass.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="norm">Their <see cref="GlobalNorm"/> (measured once per step, before clipping).</param>
    /// <returns>Whether this step clipped.</returns>
    public bool Apply(Tape tape, IReadOnlyList<Parameter> parameters, double norm)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(parameters);
        switch (Kind)
        {
            case ClipKind.Norm:
                double coefficient = Threshold / (norm + NormEpsilon);
                if (coefficient >= 1)
                    return false;
                foreach (var p in parameters)
                    if (p.HasGrad(tape))
                        TensorPrimitives.Multiply(p.Grad!.Span, (float)coefficient, p.Grad.Span);
                return true;
            case ClipKind.Value:
                float c = (float)Threshold;
                bool clipped = false;
                foreach (var p in parameters)
                {
                    if (!p.HasGrad(tape) || p.Grad!.Length == 0 || Math.Abs(TensorPrimitives.MaxMagnitude(p.Grad.Span)) <= c)
                        continue;
                    clipped = true;
                    TensorPrimitives.Clamp(p.Grad.Span, -c, c, p.Grad.Span);
                }
                return clipped;
            default:
                return false;
        }
    }

    /// <summary>‖g‖₂ over every parameter that received a gradient in <paramref name="tape"/>'s latest backward pass, accumulated in float64.</summary>
    public static double GlobalNorm(Tape tape, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(parameters);
        double sum = 0;
        foreach (var p in parameters)
            if (p.HasGrad(tape))
                sum += SumOfSquares(p.Grad!.Span);
        return Math.Sqrt(sum);
    }

    /// <summary>Σ x_i² in float64, in an order fixed by the length alone.</summary>
    internal static double SumOfSquares(ReadOnlySpan<float> x)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(x[i..]), out var low, out var high);
                acc += low * low + high * high;
            }
            sum = Vector.Sum(acc);
        }
        for (; i < x.Length; i++)
            sum += (double)x[i] * x[i];
        return sum;
    }
}
