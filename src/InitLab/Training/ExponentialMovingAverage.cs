using InitLab.Nn;

namespace InitLab.Training;

/// <summary>An exponential moving average of a model's parameters, updated after every optimizer step (<c>--ema DECAY</c>).</summary>
/// <remarks>
/// First update: a ← w; then a ← d·a + (1 − d)·w, in float32 as PyTorch computes
/// <c>torch.optim.swa_utils.AveragedModel(model, avg_fn=lambda a, w, n: d*a + (1-d)*w)</c> (Polyak &amp; Juditsky 1992;
/// the EMA of weights of Tarvainen &amp; Valpola 2017). Buffers (batch-norm running statistics) are not averaged, as with
/// AveragedModel's default <c>use_buffers=False</c>: the averaged weights are evaluated with the live model's buffers.
/// </remarks>
public sealed class ExponentialMovingAverage : WeightAverage
{
    readonly float _decay, _complement;

    /// <summary>Averages <paramref name="parameters"/> with decay <paramref name="decay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is not in (0, 1).</exception>
    public ExponentialMovingAverage(IReadOnlyList<Parameter> parameters, double decay) : base(parameters)
    {
        if (!(decay > 0 && decay < 1))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "the EMA decay must be in (0, 1).");
        (_decay, _complement) = ((float)decay, (float)(1 - decay));
    }

    private protected override void Fold(Span<float> a, ReadOnlySpan<float> w, long count)
    {
        for (int j = 0; j < a.Length; j++)
            a[j] = a[j] * _decay + w[j] * _complement;
    }
}
