using System.Numerics.Tensors;
using InitLab.Activations;
using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Numerics;
using InitLab.Random;
using InitLab.Tensors;
using InitLab.Theory;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Diagnostics;

/// <summary>Measures what a model's initialization does to one batch, forward and backward, layer by layer, beside the theory.</summary>
/// <remarks>
/// <para>
/// The probe runs the model's own <see cref="Module.Forward"/> on a fresh <see cref="Tape"/> in training mode, then one
/// backward pass of a <see cref="ProbeLoss"/>, and reads what the tape recorded: every dense or convolution layer's
/// output z (the pre-activation), the output φ(z) of the activation that follows it, and the gradients of both.
/// Nothing is hooked into the model: it computes exactly what it computes in training.
/// </para>
/// <para>
/// Probes observe: weights are not changed (the SGD step is only measured, ΔW = −lr·∂L/∂W), and normalization
/// running statistics are restored after the forward pass, so the model's outputs afterwards are bit-identical. The
/// gradient buffers of the parameters hold the probe's gradients afterwards, as after any backward pass.
/// </para>
/// <para>
/// Theory beside measurement: when the model is a plain chain (dense or convolution layers, activations and flattens
/// only), the predicted pre-activation RMS of every layer comes from <see cref="VariancePropagation"/> with the
/// measured E[x²] of the input and each layer's E[W²] and E[b²] (Glorot &amp; Bengio 2010; He et al. 2015). The rule
/// is the linear one for identity, relu and leaky_relu, where it is exact in expectation, and the mean-field
/// quadrature for any other φ (Poole et al. 2016). For a dense chain the Jacobian's predicted mean squared singular
/// value is (n₀/k)·∏ n_l·E[W_l²]·E[φ′(z_l)²] with z_l ~ N(0, q_l).
/// </para>
/// </remarks>
public static class SignalProbe
{
    /// <summary>Probes <paramref name="model"/> on the batch <paramref name="input"/> [B, …].</summary>
    /// <param name="model">A named model (<see cref="Module.SetName"/>): module names tell the layers apart.</param>
    /// <param name="input">The batch, sample-major.</param>
    /// <param name="labels">Class labels for <see cref="ProbeLoss.CrossEntropy"/>; ignored by the Gaussian readout.</param>
    /// <param name="settings">What to measure and how.</param>
    /// <exception cref="ArgumentException">Module names are not unique, the model has no dense or convolution layer, or the labels do not fit.</exception>
    public static ProbeResult Run(Module model, Tensor input, ReadOnlySpan<int> labels, ProbeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var modules = ByName(model);
        var buffers = model.Buffers().Select(b => (Live: b.Value, Saved: b.Value.Clone())).ToList();
        try
        {
            var tape = new Tape(settings.Threads, training: true) { Seed = settings.Seed };
            var output = model.Forward(tape, new Variable(input, requiresGrad: false));
            var forward = tape.Nodes.ToList();
            var loss = settings.Loss == ProbeLoss.CrossEntropy
                ? Ops.SoftmaxCrossEntropy(tape, "probe.loss", output, labels)
                : ReadoutNode.Record(tape, output, Readout(settings.Seed, output.Value.Length));
            tape.Backward(loss);

            var (steps, chain) = Walk(forward, modules);
            if (steps.Count == 0)
                throw new ArgumentException($"the model {model.Describe()} has no dense or convolution layer to probe.", nameof(model));
            double inputMoment = input.Length == 0 ? 0 : SampleStats.SecondMoment(input.Span);
            double[]? predicted = chain ? Predict(inputMoment, steps) : null;
            var layers = steps.Select((s, i) => Measure(tape, s, i, input.Dim(0), predicted?[i], settings)).ToList();
            var jacobian = settings.Jacobian && chain && steps.All(s => s.Module is Linear) && settings.JacobianSample < input.Dim(0)
                ? Jacobian(steps, predicted!, settings)
                : null;
            return new ProbeResult(layers, settings.Loss, loss.Value.Span[0], inputMoment, jacobian);
        }
        finally
        {
            foreach (var (live, saved) in buffers)
                saved.CopyTo(live);
        }
    }

    /// <summary>A weighted layer's recorded output and the recorded output of the activation that follows it, if any.</summary>
    sealed record Step(Module Module, Parameter Weight, Parameter? Bias, Node Linear, Node? Activation, Activation Function);

    /// <summary>Pairs each weighted layer's node with the next activation node; a chain has nothing else between them.</summary>
    static (List<Step> Steps, bool Chain) Walk(List<Node> nodes, Dictionary<string, Module> modules)
    {
        var steps = new List<Step>();
        bool chain = true;
        foreach (var node in nodes)
        {
            switch (modules.GetValueOrDefault(node.Layer))
            {
                // With DropConnect two nodes carry its name, the masked weight and then the layer's output; the output is
                // of the masked weight, not of W, so the chain's prediction does not apply.
                case Linear l when steps.Count > 0 && ReferenceEquals(steps[^1].Module, l):
                    steps[^1] = steps[^1] with { Linear = node };
                    chain = false;
                    break;
                case Linear l:
                    steps.Add(new Step(l, l.Weight, l.Bias, node, null, Activation.Identity));
                    break;
                case Nn.Conv2d c:
                    steps.Add(new Step(c, c.Weight, c.Bias, node, null, Activation.Identity));
                    break;
                // Two nodes carry its name, w = g·v/‖v‖ and then the layer's output, which replaces w. The weight
                // probed is the direction v; w is not v's scale, so the chain's prediction does not apply.
                case WeightNorm w when steps.Count > 0 && ReferenceEquals(steps[^1].Module, w):
                    steps[^1] = steps[^1] with { Linear = node };
                    break;
                case WeightNorm w:
                    steps.Add(new Step(w, w.V, w.Bias, node, null, Activation.Identity));
                    chain = false;
                    break;
                case ActivationLayer a when steps.Count > 0 && steps[^1].Activation is null:
                    steps[^1] = steps[^1] with { Activation = node, Function = a.Function };
                    break;
                case Flatten:
                    break;
                default:
                    chain = false;
                    break;
            }
        }
        return (steps, chain);
    }

    static LayerProbe Measure(Tape tape, Step step, int index, int samples, double? predicted, ProbeSettings settings)
    {
        var z = step.Linear.Output;
        var post = step.Activation?.Output ?? z;
        var pre = SignalStats.Of(z.Value.Span, settings.Bins);
        var after = step.Activation is null ? pre : SignalStats.Of(post.Value.Span, settings.Bins, settings.PostRange?.Invoke(step.Function));
        double weightNorm = TensorPrimitives.Norm(step.Weight.Value.Span);
        double gradNorm = step.Weight.HasGrad(tape) ? TensorPrimitives.Norm(step.Weight.Grad!.Span) : double.NaN;
        var p = step.Weight;
        return new LayerProbe(index + 1, step.Module.Name, step.Module.Describe(), p.FanIn, p.FanOut, step.Function, pre, after,
            UnitHealth.SaturatedFraction(step.Function, post.Value.Span), UnitHealth.DeadFraction(step.Function, z.Value.Span, samples),
            GradStd(tape, post), GradStd(tape, z), weightNorm, gradNorm,
            settings.LearningRate * p.LearningRateMultiplier * gradNorm / weightNorm, predicted);
    }

    static double GradStd(Tape tape, Variable v) => v.HasGrad(tape) ? SignalStats.Moments(v.Grad!.Span).Std : double.NaN;

    static double[] Predict(double inputMoment, List<Step> steps)
    {
        var layers = steps.Select(s => new LayerVariance(checked((int)s.Weight.FanIn), SecondMoment(s.Weight), s.Bias is null ? 0 : SecondMoment(s.Bias), s.Function)).ToList();
        bool exactLinear = steps.All(s => s.Function.Kind is ActivationKind.Identity or ActivationKind.Relu or ActivationKind.LeakyRelu);
        return VariancePropagation.PreActivationStd(inputMoment, layers, exactLinear ? PropagationRule.LinearRegime : PropagationRule.MeanField);
    }

    static JacobianSpectrum Jacobian(List<Step> steps, double[] predictedStd, ProbeSettings settings)
    {
        int sample = settings.JacobianSample;
        var layers = steps.Select(s =>
        {
            int width = s.Weight.Value.Dim(0);
            return new JacobianLayer(s.Weight.Value, s.Function, s.Linear.Output.Value.Span.Slice(sample * width, width).ToArray());
        }).ToList();
        int inputs = steps[0].Weight.Value.Dim(1), outputs = steps[^1].Weight.Value.Dim(0);
        double predicted = (double)inputs / Math.Min(inputs, outputs);
        for (int l = 0; l < steps.Count; l++)
            predicted *= steps[l].Weight.Value.Dim(0) * SecondMoment(steps[l].Weight) *
                         MeanField.Chi1(steps[l].Function, 1, predictedStd[l] * predictedStd[l]);
        return JacobianSpectrum.Of(layers, predicted, settings.Threads);
    }

    static double SecondMoment(Parameter p) => SampleStats.SecondMoment(p.Value.Span);

    static float[] Readout(ulong seed, int length)
    {
        var g = new float[length];
        Fill.Normal<float>(g, new RandomStream(seed, "probe.readout"), 0, 1);
        return g;
    }

    static Dictionary<string, Module> ByName(Module model)
    {
        var byName = new Dictionary<string, Module>(StringComparer.Ordinal);
        foreach (var m in model.Modules())
            if (!byName.TryAdd(m.Name, m))
                throw new ArgumentException($"two modules are named '{m.Name}'; name the model (Module.SetName) so that the probe can tell its layers apart.", nameof(model));
        return byName;
    }
}
