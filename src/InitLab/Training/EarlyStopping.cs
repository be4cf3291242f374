using InitLab.Models;
using InitLab.Tensors;

namespace InitLab.Training;

/// <summary>Watches the validation loss after every epoch: stops after <c>patience</c> epochs without improvement and keeps the best weights.</summary>
/// <remarks>
/// An epoch improves when its validation loss is strictly below the best so far (Keras <c>EarlyStopping(monitor="val_loss",
/// min_delta=0)</c>). After each epoch that does not improve, the wait grows by one; training stops once the wait reaches the
/// patience (the stopping rule Prechelt 1998, "Early stopping — but when?", compares with others). With <c>restoreBest</c> a copy of
/// every parameter and buffer is taken at each improving epoch; <see cref="Trainer.UseBestWeights"/> puts it back. The counters
/// are a function of the metrics history, so a resumed run recomputes them, and the checkpoint stores the copy as
/// <c>best.</c> + the tensor's name, so a resumed run restores the same bits.
/// </remarks>
public sealed class EarlyStopping
{
    readonly Dictionary<string, float[]> _best = [];

    /// <summary>Creates the watcher.</summary>
    /// <param name="patience">Epochs without improvement before stopping, ≥ 1; null never stops early.</param>
    /// <param name="restoreBest">Whether to keep a copy of the weights of the best epoch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="patience"/> is below 1.</exception>
    public EarlyStopping(int? patience, bool restoreBest)
    {
        if (patience is < 1)
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"--patience = {patience} is not allowed; it must be ≥ 1.");
        Patience = patience;
        RestoreBest = restoreBest;
    }

    /// <summary>Epochs without improvement before stopping, or null.</summary>
    public int? Patience { get; }

    /// <summary>Whether the weights of the best epoch are kept.</summary>
    public bool RestoreBest { get; }

    /// <summary>The epoch with the lowest validation loss so far (1-based), or 0 before the first epoch.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The lowest validation loss so far (+∞ before the first epoch).</summary>
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>Epochs since the best one.</summary>
    public int Wait { get; private set; }

    /// <summary>Whether the patience is exhausted.</summary>
    public bool ShouldStop => Patience is int p && Wait >= p;

    /// <summary>Records epoch <paramref name="metrics"/>; copies <paramref name="model"/>'s weights when it improved and <see cref="RestoreBest"/> is on.</summary>
    /// <returns>Whether the epoch improved.</returns>
    public bool Observe(EpochMetrics metrics, Model? model)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!(metrics.ValLoss < BestLoss))
        {
            Wait++;
            return false;
        }
        (BestLoss, BestEpoch, Wait) = (metrics.ValLoss, metrics.Epoch, 0);
        if (RestoreBest && model is not null)
            foreach (var (name, value) in Tensors(model))
                value.Span.CopyTo(_best.TryGetValue(name, out var copy) ? copy : _best[name] = new float[value.Length]);
        return true;
    }

    /// <summary>Recomputes the counters from a restored history (the weights copy comes from the checkpoint).</summary>
    internal void Replay(IEnumerable<EpochMetrics> history)
    {
        (BestLoss, BestEpoch, Wait) = (double.PositiveInfinity, 0, 0);
        foreach (var m in history)
            Observe(m, model: null);
    }

    /// <summary>The copy of the best weights by tensor name (empty without <see cref="RestoreBest"/> or before the first epoch).</summary>
    internal IReadOnlyDictionary<string, float[]> Best => _best;

    /// <summary>Replaces the copy of the best weights (from a checkpoint).</summary>
    internal void SetBest(string name, ReadOnlySpan<float> value) => _best[name] = value.ToArray();

    /// <summary>Writes the copy of the best weights into <paramref name="model"/>.</summary>
    /// <exception cref="InvalidOperationException">No copy was taken: restore-best is off, or no epoch has run.</exception>
    internal void CopyBestInto(Model model)
    {
        if (_best.Count == 0)
            throw new InvalidOperationException("no best weights were kept: --restore-best is off, or no epoch has run.");
        foreach (var (name, value) in Tensors(model))
            _best[name].CopyTo(value.Span);
    }

    /// <summary>Every parameter and buffer of <paramref name="model"/> under its checkpoint name.</summary>
    internal static IEnumerable<(string Name, Tensor Value)> Tensors(Model model) =>
        model.Parameters.Select(p => (p.Name, p.Value)).Concat(model.Buffers);
}
