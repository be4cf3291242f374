using System.Globalization;
using InitLab.Init.Network;
using InitLab.Models;
using InitLab.Nn;

namespace InitLab.Init.MuP;

/// <summary>Which optimizer family μP's learning-rate rules are for.</summary>
public enum MuOptimizer
{
    /// <summary>SGD (with or without momentum).</summary>
    Sgd,

    /// <summary>Adam and AdamW (entrywise-normalized updates).</summary>
    Adam,
}

/// <summary>The maximal-update parametrization (μP; Yang &amp; Hu, Tensor Programs V), relative to a base model, for SGD and Adam.</summary>
/// <remarks>
/// <para>
/// μP is stated relative to a base model of width W₀ (the mup package's base shapes): at the base width it equals the
/// standard parametrization, and every other width is scaled so that each layer's activations and their updates stay
/// Θ(1) as width grows. Each parameter is compared with its counterpart in the base model: r_in = fan_in/fan_in₀ and
/// r_out = fan_out/fan_out₀ (for a parameter without fans, r_out = its size ratio). The first weighted layer is the
/// input layer (r_in = 1), the classifier is the output layer (readout, r_out = 1), the rest are hidden (r_in = r_out).
/// </para>
/// <para>
/// Init (Table 3 of TP5; variance ∝ 1/fan_in is the per-parameter scheme's): the readout's weights are multiplied by
/// 1/√r_in, so their variance falls as 1/fan_in² — or set to 0 with <c>zeroReadout</c>. Input and hidden weights keep their
/// scheme. This is the mup package's MuReadout (output multiplier 1/r with weights scaled by √r) folded into the weights.
/// </para>
/// <para>
/// Learning-rate multipliers (<see cref="Parameter.LearningRateMultiplier"/>): SGD, a weight r_out/r_in (input r, hidden 1,
/// readout 1/r), a bias or a width-sized vector (normalization γ, β) r_out (1 for a scalar); Adam, a weight 1/r_in (input 1,
/// hidden and readout 1/r), every other parameter 1. In TP5's terms: input weights and biases η·fan_out (SGD), η (Adam);
/// hidden η (SGD), η/fan_in (Adam); readout η/fan_in (both). These equal MuSGD's and MuAdam's rules after folding the
/// readout multiplier into the weights.
/// </para>
/// Yang, Hu et al. 2022, "Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer",
/// https://arxiv.org/abs/2203.03466.
/// </remarks>
public static class MuParametrization
{
    /// <summary>Applies μP to the initialized <paramref name="model"/> relative to <paramref name="baseModel"/> (the same spec at the base width).</summary>
    /// <exception cref="ArgumentException">The models' parameters do not correspond one to one.</exception>
    public static ModelInitReport Apply(Model model, Model baseModel, MuOptimizer optimizer, bool zeroReadout = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(baseModel);
        if (!Enum.IsDefined(optimizer))
            throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "use sgd or adam.");
        var parameters = model.Parameters;
        var bases = baseModel.Parameters;
        if (parameters.Count != bases.Count || parameters.Zip(bases).Any(p => p.First.Name != p.Second.Name || p.First.Value.Rank != p.Second.Value.Rank))
            throw new ArgumentException($"μP: model '{model.Spec}' and base model '{baseModel.Spec}' do not have corresponding parameters; the base must be the same spec at another width.", nameof(baseModel));
        var weighted = ModelLayers.Weighted(model.Layers);
        var input = ModelLayers.WeightOf(weighted[0]);
        var readout = ModelLayers.Classifier(model);
        var steps = new List<ModelInitStep>();
        for (int i = 0; i < parameters.Count; i++)
        {
            var (p, b) = (parameters[i], bases[i]);
            double rIn = p.HasFans ? (double)p.FanIn / b.FanIn : 1;
            double rOut = p.HasFans ? (double)p.FanOut / b.FanOut : (double)p.Value.Length / b.Value.Length;
            bool weight = p.Role == ParameterRole.Weight;
            string kind = ReferenceEquals(p, input) ? "input" : ReferenceEquals(p, readout.Weight) ? "readout" : weight ? "hidden" : p.HasFans ? "bias" : p.Value.Length == 1 ? "scalar" : "vector";
            double? factor = null;
            if (ReferenceEquals(p, readout.Weight) || ReferenceEquals(p, readout.Bias) && zeroReadout)
            {
                factor = zeroReadout ? 0 : 1 / Math.Sqrt(rIn);
                System.Numerics.Tensors.TensorPrimitives.Multiply(p.Value.Span, (float)factor.Value, p.Value.Span);
            }
            p.LearningRateMultiplier = optimizer == MuOptimizer.Sgd
                ? weight ? rOut / rIn : rOut
                : weight ? 1 / rIn : 1;
            steps.Add(new ModelInitStep(p.Name, string.Create(CultureInfo.InvariantCulture, $"{kind}: r_in {rIn:G4}, r_out {rOut:G4}, lr × {p.LearningRateMultiplier:G4}"), Factor: factor));
        }
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"mup: base '{baseModel.Spec}', {optimizer.ToString().ToLowerInvariant()} learning rates, readout {(zeroReadout ? "zero" : "× 1/√r_in")}");
        return new ModelInitReport("mup", summary, steps);
    }
}
