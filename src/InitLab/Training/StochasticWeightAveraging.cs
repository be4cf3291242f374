using System.Globalization;
using InitLab.Autograd;
using InitLab.Models;
using InitLab.Nn;
using InitLab.Optim.Schedules;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Training;

/// <summary>Stochastic weight averaging (<c>--swa START[:lr=X,anneal=A,strategy=cos|linear]</c>): when averaging starts, and the learning rate from then on.</summary>
/// <param name="Start">The first epoch (1-based) whose final weights enter the average; every later epoch's do too.</param>
/// <param name="Lr">The SWA learning rate η_swa of the averaged epochs, or null to keep the run's schedule.</param>
/// <param name="Anneal">A, the averaged epochs over which the rate moves from the schedule's to η_swa (0: at once).</param>
/// <param name="Strategy">How it moves: cos, α(t) = (1 − cos πt)/2, or linear, α(t) = t.</param>
/// <remarks>
/// The rate of the s-th averaged epoch (s = 0 for epoch <paramref name="Start"/>) is α(t)·η_swa + (1 − α(t))·η₀ with
/// t = min(1, s/A) (t = 1 when A = 0) and η₀ the schedule's rate at the first step of epoch <paramref name="Start"/>,
/// constant within each epoch: PyTorch's <c>SWALR(optimizer, swa_lr, anneal_epochs=A, anneal_strategy)</c> created
/// when averaging starts and stepped after every averaged epoch (torch's default A is 10, as here).
/// </remarks>
public sealed record SwaSpec(int Start, double? Lr = null, int Anneal = SwaSpec.DefaultAnneal, AnnealStrategy Strategy = AnnealStrategy.Cos)
{
    /// <summary>SWALR's default anneal_epochs.</summary>
    public const int DefaultAnneal = 10;

    /// <summary>Parses <paramref name="text"/>; errors name <paramref name="option"/>, the value and what is allowed.</summary>
    /// <exception cref="ArgumentException">The start is not a whole number ≥ 1, a key is unknown, or a value is out of range.</exception>
    public static SwaSpec Parse(string text, string option = "--swa")
    {
        var (head, pairs) = SpecText.Split(text, option, "start epoch");
        if (!int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out int start) || start < 1)
            throw new ArgumentException($"{option} = '{text}': the start epoch '{head}' is not allowed; it must be a whole number ≥ 1 (e.g. {option} 8 or {option} 8:lr=0.05).");
        var values = pairs.ToDictionary(p => p.Key, p => p.Value);
        foreach (var (key, _) in pairs)
            if (key is not ("lr" or "anneal" or "strategy"))
                throw new ArgumentException($"{option} = '{text}': '{key}' is not a parameter of SWA; use lr, anneal or strategy.");
        double? lr = null;
        if (values.TryGetValue("lr", out var lrText))
            lr = double.TryParse(lrText, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v) ? v
                : throw new ArgumentException($"{option} = '{text}': lr = '{lrText}' is not allowed; it must be a finite number > 0.");
        int anneal = DefaultAnneal;
        if (values.TryGetValue("anneal", out var annealText) && !(int.TryParse(annealText, NumberStyles.None, CultureInfo.InvariantCulture, out anneal) && anneal >= 0))
            throw new ArgumentException($"{option} = '{text}': anneal = '{annealText}' is not allowed; it must be a whole number of epochs ≥ 0.");
        var strategy = values.TryGetValue("strategy", out var s) ? Init.EnumText.Parse<AnnealStrategy>(s, $"{option} strategy") : AnnealStrategy.Cos;
        if (lr is null && (values.ContainsKey("anneal") || values.ContainsKey("strategy")))
            throw new ArgumentException($"{option} = '{text}': anneal and strategy shape the move to the SWA learning rate; give lr=X too.");
        return new SwaSpec(start, lr, anneal, strategy);
    }

    /// <summary>The canonical text, which <see cref="Parse"/> reads back to this spec.</summary>
    public override string ToString() => Lr is double lr
        ? string.Create(CultureInfo.InvariantCulture, $"{Start}:lr={lr:R},anneal={Anneal},strategy={Strategy.ToString().ToLowerInvariant()}")
        : Start.ToString(CultureInfo.InvariantCulture);

    /// <summary>The learning rate of averaged epoch <paramref name="s"/> (0-based from <see cref="Start"/>), from η₀ = <paramref name="initial"/> (see the remarks).</summary>
    /// <exception cref="InvalidOperationException">The spec has no <see cref="Lr"/>.</exception>
    public double LearningRate(int s, double initial)
    {
        double swa = Lr ?? throw new InvalidOperationException("this SWA keeps the run's schedule; it has no learning rate of its own.");
        double t = Anneal == 0 ? 1 : Math.Min(1.0, (double)s / Anneal);
        double alpha = Strategy == AnnealStrategy.Cos ? (1 - Math.Cos(Math.PI * t)) / 2 : t;
        return alpha * swa + (1 - alpha) * initial;
    }
}

/// <summary>The equal average of the weights at the end of epochs (stochastic weight averaging), and the batch-norm statistics that suit it.</summary>
/// <remarks>
/// <para>
/// Izmailov, Podoprikhin, Garipov, Vetrov &amp; Wilson 2018, "Averaging Weights Leads to Wider Optima and Better
/// Generalization", UAI, https://arxiv.org/abs/1803.05407, Algorithm 1 with cycle length one epoch. First update:
/// a ← w; then a ← a + (w − a)/(n + 1) after n updates, in float32 as PyTorch's
/// <c>torch.optim.swa_utils.AveragedModel</c> computes it (its default avg_fn).
/// </para>
/// <para>
/// The averaged weights never ran a forward pass, so the running statistics of batch normalization do not describe
/// their activations. <see cref="UpdateBatchNorm"/> recomputes them with one pass over the training data, as
/// <c>torch.optim.swa_utils.update_bn</c>: the running mean and variance restart at 0 and 1 and become the cumulative
/// mean of the batches' statistics (factor 1/k for batch k, torch's <c>momentum=None</c>).
/// </para>
/// </remarks>
public sealed class StochasticWeightAveraging : WeightAverage
{
    /// <summary>Averages <paramref name="parameters"/> as <paramref name="spec"/> says.</summary>
    public StochasticWeightAveraging(IReadOnlyList<Parameter> parameters, SwaSpec spec) : base(parameters) =>
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));

    /// <summary>When averaging starts, and the learning rate from then on.</summary>
    public SwaSpec Spec { get; }

    /// <summary>The batch-norm running statistics of the averaged weights from the last <see cref="UpdateBatchNorm"/> (name → values), empty before one or without batch norm.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> Buffers { get; set; } = [];

    /// <summary>Whether the average takes the weights at the end of epoch <paramref name="epoch"/> (1-based).</summary>
    public bool Averages(int epoch) => epoch >= Spec.Start;

    /// <summary>The updates an average holds after <paramref name="completedEpochs"/> epochs: one per epoch from <see cref="SwaSpec.Start"/> on.</summary>
    public long CountAfter(int completedEpochs) => Math.Max(0, completedEpochs - Spec.Start + 1);

    private protected override void Fold(Span<float> a, ReadOnlySpan<float> w, long count)
    {
        float n = count + 1;
        for (int j = 0; j < a.Length; j++)
            a[j] += (w[j] - a[j]) / n;
    }

    /// <summary>Recomputes the running statistics of every batch-norm layer of <paramref name="model"/> from <paramref name="batches"/>, in training mode on <paramref name="tape"/>.</summary>
    /// <remarks>
    /// The running mean and variance restart at 0 and 1 and, with factor 1/k for the k-th batch, end as the mean over
    /// the batches of their batch means and unbiased variances (PyTorch's <c>update_bn</c>). The layers' factors are
    /// restored afterwards. Stochastic layers (dropout) stay active, as in torch; their masks come from steps −1, −2, …
    /// of <paramref name="tape"/>'s seed, which training never uses, so training's own masks are untouched.
    /// </remarks>
    /// <returns>The batches run; 0 (and nothing touched) when the model has no batch norm.</returns>
    /// <exception cref="ArgumentException"><paramref name="tape"/> is not in training mode.</exception>
    public static int UpdateBatchNorm(Model model, Tape tape, IEnumerable<Variable> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(batches);
        if (!tape.Training)
            throw new ArgumentException("update_bn needs a tape in training mode: batch norm must use and fold in each batch's statistics.", nameof(tape));
        var layers = model.Layers.Modules().OfType<BatchNorm>().ToList();
        if (layers.Count == 0)
            return 0;
        var momenta = layers.Select(l => l.Momentum).ToList();
        foreach (var layer in layers)
        {
            layer.RunningMean.Span.Clear();
            layer.RunningVar.Span.Fill(1f);
        }
        int k = 0;
        try
        {
            foreach (var x in batches)
            {
                k++;
                foreach (var layer in layers)
                    layer.Momentum = 1.0 / k;
                tape.Reset();
                tape.Step = -k;
                model.Forward(tape, x);
            }
        }
        finally
        {
            for (int i = 0; i < layers.Count; i++)
                layers[i].Momentum = momenta[i];
        }
        return k;
    }
}
