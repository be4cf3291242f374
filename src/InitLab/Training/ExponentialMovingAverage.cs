using InitLab.Nn;
using InitLab.Tensors;

namespace InitLab.Training;

/// <summary>An exponential moving average of a model's parameters, updated after every optimizer step (<c>--ema DECAY</c>).</summary>
/// <remarks>
/// First update: a ← w; then a ← d·a + (1 − d)·w, in float32 as PyTorch computes
/// <c>torch.optim.swa_utils.AveragedModel(model, avg_fn=lambda a, w, n: d*a + (1-d)*w)</c> (Polyak &amp; Juditsky 1992;
/// the EMA of weights of Tarvainen &amp; Valpola 2017). Buffers (batch-norm running statistics) are not averaged, as with
/// AveragedModel's default <c>use_buffers=False</c>: the averaged weights are evaluated with the live model's buffers.
/// </remarks>
public sealed class ExponentialMovingAverage
{
    readonly IReadOnlyList<Parameter> _parameters;
    readonly Tensor[] _averages;
    readonly float _decay, _complement;

    /// <summary>Averages <paramref name="parameters"/> with decay <paramref name="decay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is not in (0, 1).</exception>
    public ExponentialMovingAverage(IReadOnlyList<Parameter> parameters, double decay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(decay > 0 && decay < 1))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "the EMA decay must be in (0, 1).");
        _parameters = parameters;
        _averages = [.. parameters.Select(p => Tensor.ZerosLike(p.Value))];
        (_decay, _complement) = ((float)decay, (float)(1 - decay));
    }

    /// <summary>Updates taken (PyTorch's <c>n_averaged</c>).</summary>
    public long Count { get; set; }

    /// <summary>The averages under their parameters' names, for a checkpoint.</summary>
    public IEnumerable<(string Name, Tensor Value)> State => _parameters.Select((p, i) => (p.Name, _averages[i]));

    /// <summary>Folds the parameters' current values into the averages.</summary>
    public void Update()
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            Span<float> a = _averages[i].Span;
            ReadOnlySpan<float> w = _parameters[i].Value.Span;
            if (Count == 0)
                w.CopyTo(a);
            else
                for (int j = 0; j < a.Length; j++)
                    a[j] = a[j] * _decay + w[j] * _complement;
        }
        Count++;
    }

    /// <summary>Exchanges the parameters' values with the averages (call twice to undo).</summary>
    public void Swap()
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            Span<float> a = _averages[i].Span, w = _parameters[i].Value.Span;
            for (int j = 0; j < a.Length; j++)
                (a[j], w[j]) = (w[j], a[j]);
        }
    }
}
