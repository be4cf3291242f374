using InitLab.Nn;
using InitLab.Tensors;

namespace InitLab.Training;

/// <summary>An average of a model's parameters kept beside them (<see cref="ExponentialMovingAverage"/>, <see cref="StochasticWeightAveraging"/>).</summary>
/// <remarks>Like <c>torch.optim.swa_utils.AveragedModel</c>: the first update copies the weights, later ones fold them in by <see cref="Fold"/>.</remarks>
public abstract class WeightAverage
{
    readonly IReadOnlyList<Parameter> _parameters;
    readonly Tensor[] _averages;

    /// <summary>Averages <paramref name="parameters"/>.</summary>
    private protected WeightAverage(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _averages = [.. parameters.Select(p => Tensor.ZerosLike(p.Value))];
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
                Fold(a, w, Count);
        }
        Count++;
    }

    /// <summary>Folds the weights <paramref name="w"/> into the averages <paramref name="a"/>, which hold <paramref name="count"/> ≥ 1 updates.</summary>
    private protected abstract void Fold(Span<float> a, ReadOnlySpan<float> w, long count);

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
