using System.Text.Json.Nodes;

namespace InitLab.Diagnostics;

/// <summary>The stable JSON form of a <see cref="ProbeResult"/> (<c>initlab probe --json</c>).</summary>
/// <remarks>
/// <c>{"layers":[{"index","name","fan_in","fan_out","pre":{"mean","std"},"post":{"mean","std"},"predicted_pre_std","saturated","dead","grad_std"}, …]}</c>
/// always holds these keys with these names; more keys follow them (quantiles, histograms, weight norms, the
/// Jacobian). A value that does not apply (the saturation of ReLU, the prediction for a non-chain) is <c>null</c>, and
/// so is a NaN or an infinity, which JSON cannot hold.
/// </remarks>
public static class ProbeJson
{
    /// <summary>The JSON object of <paramref name="result"/>.</summary>
    public static JsonObject ToJson(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = new JsonObject
        {
            ["layers"] = new JsonArray([.. result.Layers.Select(Layer)]),
            ["loss"] = result.Loss == ProbeLoss.CrossEntropy ? "cross-entropy" : "gaussian-readout",
            ["loss_value"] = Number(result.LossValue),
            ["input_second_moment"] = Number(result.InputSecondMoment),
        };
        if (result.Jacobian is { } j)
            o["jacobian"] = new JsonObject
            {
                ["rows"] = j.Rows,
                ["columns"] = j.Columns,
                ["mean_squared_singular_value"] = Number(j.MeanSquared),
                ["predicted_mean_squared_singular_value"] = Number(j.PredictedMeanSquared),
                ["squared_singular_value_variance"] = Number(j.SquaredVariance),
                ["min"] = Number(j.Min),
                ["max"] = Number(j.Max),
                ["singular_values"] = new JsonArray([.. j.SingularValues.Select(s => (JsonNode?)Number(s))]),
            };
        return o;
    }

    static JsonObject Layer(LayerProbe l) => new()
    {
        ["index"] = l.Index,
        ["name"] = l.Name,
        ["fan_in"] = l.FanIn,
        ["fan_out"] = l.FanOut,
        ["pre"] = Stats(l.Pre),
        ["post"] = Stats(l.Post),
        ["predicted_pre_std"] = Number(l.PredictedPreStd),
        ["saturated"] = Number(l.Saturated),
        ["dead"] = Number(l.Dead),
        ["grad_std"] = Number(l.GradStd),
        ["pre_grad_std"] = Number(l.PreGradStd),
        ["activation"] = l.Activation.ToString(),
        ["module"] = l.Description,
        ["weight_norm"] = Number(l.WeightNorm),
        ["weight_grad_norm"] = Number(l.WeightGradNorm),
        ["update_ratio"] = Number(l.UpdateRatio),
    };

    static JsonObject Stats(SignalStats s) => new()
    {
        ["mean"] = Number(s.Mean),
        ["std"] = Number(s.Std),
        ["quantiles"] = new JsonObject(SignalStats.Levels.Select((p, i) =>
            KeyValuePair.Create($"p{p * 100:0}", (JsonNode?)Number(s.Quantiles[i])))),
        ["histogram"] = new JsonObject
        {
            ["low"] = s.Histogram.Low,
            ["high"] = s.Histogram.High,
            ["counts"] = new JsonArray([.. s.Histogram.Counts.Select(c => (JsonNode?)c)]),
            ["below"] = s.Histogram.Below,
            ["above"] = s.Histogram.Above,
        },
    };

    static JsonValue? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
