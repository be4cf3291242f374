using System.Globalization;
using System.Numerics.Tensors;
using InitLab.Autograd;
using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Nn;
using Tensor = InitLab.Tensors.Tensor;
using InitLab.Validation;

namespace InitLab.Init.DataDependent;

/// <summary>Layer-sequential unit-variance initialization (LSUV): orthonormal weights, then each layer rescaled until its output variance on a batch is 1.</summary>
/// <remarks>
/// <para>
/// Mishkin &amp; Matas 2016, "All you need is a good init", https://arxiv.org/abs/1511.06422, Algorithm 1. Weights start
/// orthonormal (<see cref="BaseScheme"/> = <c>orthogonal</c>). Then, for each Linear and Conv2d layer in forward order
/// (residual branches and the classifier included; normalization and weightless layers are skipped): forward the batch,
/// take the variance v of the layer's output over every element, and while |v − 1| ≥ Tol_var and fewer than T_max
/// rescalings were made, W ← W/√v and measure again. Defaults Tol_var = 0.1, T_max = 10 (the paper's; its Caffe code
/// used 0.02 and 20).
/// </para>
/// <para>
/// Where v is measured (<see cref="LsuvPlacement"/>): <c>pre</c> (default) is the layer's own output, as in the paper
/// and LSUV-pytorch, which hook the convolution/inner-product blob. There a rescaling changes v by exactly 1/v (the
/// inputs are fixed), so one rescaling converges; and the target 1 is reachable for every activation. <c>post</c>
/// measures after the following activation: a bounded activation cannot reach variance 1 (tanh² &lt; 1), so LSUV would
/// push it into saturation, and stops at T_max instead.
/// </para>
/// <para>
/// Centering (optional, not in the paper): before the loop the layer's bias is set to minus the per-unit (per-channel)
/// mean of its output, and every rescaling then scales the bias with W, so the outputs keep mean 0 exactly.
/// </para>
/// </remarks>
public sealed record Lsuv : ModelInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">tolerance is not in (0, 1), maxIterations &lt; 1, or where is undefined.</exception>
    public Lsuv(double tolerance = 0.1, int maxIterations = 10, LsuvPlacement where = LsuvPlacement.Pre, bool center = false)
    {
        if (!(tolerance > 0 && tolerance < 1))
            throw Guard.OutOfRange(nameof(tolerance), tolerance, "it must be in (0, 1)");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        if (!Enum.IsDefined(where))
            throw Guard.OutOfRange(nameof(where), where, "use pre or post");
        (Tolerance, MaxIterations, Where, Center) = (tolerance, maxIterations, where, center);
    }

    /// <summary>Tol_var: stop when |v − 1| &lt; this.</summary>
    public double Tolerance { get; }

    /// <summary>T_max: the most rescalings per layer.</summary>
    public int MaxIterations { get; }

    /// <summary>Where v is measured.</summary>
    public LsuvPlacement Where { get; }

    /// <summary>Whether biases first center each unit's output.</summary>
    public bool Center { get; }

    /// <inheritdoc/>
    public override string BaseScheme => "orthogonal";

    /// <inheritdoc/>
    public override bool NeedsData => true;

    /// <inheritdoc/>
    public override ModelInitReport Apply(Model model, ModelInitContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        return Run(model.Layers, RequireBatch(context, "lsuv"), context.HeldOut, context.Threads);
    }

    /// <summary>Runs LSUV on the layers of <paramref name="root"/> with <paramref name="batch"/>; reports each layer's rescalings, final variance and held-out variance.</summary>
    /// <exception cref="ArgumentException">A layer's output has variance 0 (nothing to rescale) or is not finite.</exception>
    public ModelInitReport Run(Module root, Tensor batch, Tensor? heldOut = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(batch);
        var tape = new Tape(threads, training: false);
        var layers = ModelLayers.Weighted(root);
        var measured = layers.Select(l => Where == LsuvPlacement.Post ? ModelLayers.FollowingActivation(root, l)?.Name ?? l.Name : l.Name).ToArray();
        var results = new List<(int Scalings, double Variance)>();
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            var weight = ModelLayers.WeightOf(layer);
            var bias = ModelLayers.BiasOf(layer);
            if (Center && bias is not null)
                CenterBias(ModelLayers.Outputs(tape, root, batch, [layer.Name])[0], bias);
            double v = Measure(tape, root, batch, measured[k]);
            int scalings = 0;
            while (Math.Abs(v - 1) >= Tolerance && scalings < MaxIterations)
            {
                float factor = (float)(1 / Math.Sqrt(v));
                TensorPrimitives.Multiply(weight.Value.Span, factor, weight.Value.Span);
                if (Center && bias is not null)
                    TensorPrimitives.Multiply(bias.Value.Span, factor, bias.Value.Span);
                scalings++;
                v = Measure(tape, root, batch, measured[k]);
            }
            results.Add((scalings, v));
        }
        var held = heldOut is null ? null : ModelLayers.Outputs(tape, root, heldOut, measured).Select(t => ModelLayers.Variance(t.Span)).ToArray();
        var steps = layers.Select((l, k) => new ModelInitStep(l.Name + (measured[k] == l.Name ? "" : " → " + measured[k]), "lsuv",
            Iterations: results[k].Scalings, Variance: results[k].Variance, HeldOutVariance: held?[k])).ToList();
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"lsuv: tol {Tolerance}, max-iter {MaxIterations}, where {Where.ToString().ToLowerInvariant()}, center {(Center ? "on" : "off")}, batch {batch.Dim(0)}; " +
            $"{results.Count(r => Math.Abs(r.Variance - 1) < Tolerance)} of {layers.Count} layers within tolerance");
        return new ModelInitReport(Name, summary, steps);
    }

    static double Measure(Tape tape, Module root, Tensor batch, string name)
    {
        double v = ModelLayers.Variance(ModelLayers.Outputs(tape, root, batch, [name])[0].Span);
        if (!(v > 0) || !double.IsFinite(v))
            throw new ArgumentException($"lsuv: the output of {name} has variance {v} on the batch; it cannot be rescaled to 1.");
        return v;
    }

    /// <summary>b ← b − mean of each unit's output (over the batch, and the positions of a feature map).</summary>
    static void CenterBias(Tensor output, Parameter bias)
    {
        var (mean, _) = ModelLayers.UnitMoments(output, bias.Value.Length);
        var b = bias.Value.Span;
        for (int u = 0; u < b.Length; u++)
            b[u] -= (float)mean[u];
    }
}
