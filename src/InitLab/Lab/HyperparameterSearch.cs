using System.Globalization;
using InitLab.Data;
using InitLab.IO;
using InitLab.Random;
using InitLab.Training;

namespace InitLab.Lab;

/// <summary>How <c>initlab search</c> spends its budget.</summary>
public enum SearchMethod
{
    /// <summary>Random search (Bergstra &amp; Bengio 2012): every trial trains for the full budget.</summary>
    Random,

    /// <summary>Synchronous successive halving (Jamieson &amp; Talwalkar 2016; the synchronous form of ASHA, Li et al. 2020).</summary>
    Sha,
}

/// <summary>One sampled configuration of a search.</summary>
/// <param name="Index">The trial's number, 0-based.</param>
/// <param name="LearningRate">η, log-uniform in the space's range.</param>
/// <param name="Init">The weight scheme (one of the space's).</param>
/// <param name="Gain">The scheme's gain, uniform in the space's range.</param>
/// <param name="WeightDecay">λ, log-uniform in the space's range (0 when the range is 0).</param>
public sealed record SearchTrial(int Index, double LearningRate, string Init, double Gain, double WeightDecay)
{
    /// <summary>The <c>--init</c> text: <c>NAME:gain=G</c>.</summary>
    public string InitText => $"{Init}:gain={Num(Gain)}";

    /// <summary>A value with six significant digits, as the search prints and passes it.</summary>
    public static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>What a search samples from and how it spends its budget.</summary>
/// <remarks>
/// Trial i draws the four words (w₀, w₁, w₂, w₃) of the Philox block (i, 0) of the stream <c>search</c> under the search seed
/// (<see cref="IndexKey"/>), u = w/2³²: η = exp(ln a + u₀·(ln b − ln a)) for the range [a, b]; the scheme is the ⌊w₁·K/2³²⌋-th of
/// the K given; the gain g = a + u₂·(b − a); λ = exp(ln a + u₃·(ln b − ln a)), or 0 for the range 0:0. So the trial list is a
/// pure function of the seed and the space, and a resumed search rebuilds it.
/// Successive halving with n trials, factor η_h and budgets r₀ = min-epochs: rung k trains the survivors for
/// r_k = min(r₀·η_h^k, max epochs) epochs and keeps the best ⌈n_k/η_h⌉ by final validation accuracy (validation loss, then the
/// trial index, break ties; a diverged run ranks last), until one trial is left or the budget reaches the maximum. Each rung's
/// runs start from scratch (synchronous SHA, no checkpoint promotion). The test set is never used for selection.
/// </remarks>
/// <param name="Template">The shared training config: data, model, optimizer, batch, momentum, the validation split.</param>
/// <param name="Method">Random search or successive halving.</param>
/// <param name="Trials">The number of sampled configurations.</param>
/// <param name="Seed">Selects the trials (each run trains with the template's seed).</param>
/// <param name="LearningRate">η's range.</param>
/// <param name="Inits">The weight schemes; each must take a gain.</param>
/// <param name="Gain">The gain's range.</param>
/// <param name="WeightDecay">λ's range (0:0 for none).</param>
/// <param name="Epochs">The maximal budget (random search: every trial's).</param>
/// <param name="MinEpochs">Successive halving's first budget r₀.</param>
/// <param name="Eta">Successive halving's factor η_h ≥ 2.</param>
public sealed record SearchSpace(TrainingConfig Template, SearchMethod Method, int Trials, ulong Seed, (double Low, double High) LearningRate,
    IReadOnlyList<string> Inits, (double Low, double High) Gain, (double Low, double High) WeightDecay, int Epochs, int MinEpochs, int Eta)
{
    /// <summary>Checks every field; messages name the CLI option.</summary>
    /// <exception cref="ArgumentException">A range, count or scheme is not allowed, or the template is invalid.</exception>
    public SearchSpace Validate()
    {
        if (Trials < 1)
            throw new ArgumentException($"--trials = {Trials} is not allowed; it must be ≥ 1.");
        if (!(LearningRate.Low > 0 && LearningRate.High >= LearningRate.Low && double.IsFinite(LearningRate.High)))
            throw new ArgumentException($"--lr = {Range(LearningRate)} is not allowed; give LOW:HIGH with 0 < LOW ≤ HIGH.");
        if (!(Gain.Low > 0 && Gain.High >= Gain.Low && double.IsFinite(Gain.High)))
            throw new ArgumentException($"--gain = {Range(Gain)} is not allowed; give LOW:HIGH with 0 < LOW ≤ HIGH.");
        bool noDecay = WeightDecay is (0, 0);
        if (!noDecay && !(WeightDecay.Low > 0 && WeightDecay.High >= WeightDecay.Low && double.IsFinite(WeightDecay.High)))
            throw new ArgumentException($"--weight-decay = {Range(WeightDecay)} is not allowed; give LOW:HIGH with 0 < LOW ≤ HIGH (log-uniform), or 0:0.");
        if (Inits.Count == 0)
            throw new ArgumentException("--inits is empty; give at least one scheme that takes a gain (glorot-uniform, glorot-normal, orthogonal, …).");
        if (Epochs < 1)
            throw new ArgumentException($"--epochs = {Epochs} is not allowed; it must be ≥ 1.");
        if (Method == SearchMethod.Sha && (MinEpochs < 1 || MinEpochs > Epochs))
            throw new ArgumentException($"--min-epochs = {MinEpochs} is not allowed; it must be in 1 … --epochs ({Epochs}).");
        if (Method == SearchMethod.Sha && Eta < 2)
            throw new ArgumentException($"--eta = {Eta} is not allowed; it must be ≥ 2.");
        if (!(Template.Validation > 0))
            throw new ArgumentException("a search ranks trials on a validation split; give --val FRACTION (e.g. 0.1), never the test set.");
        foreach (var trial in SampleTrials().Take(Inits.Count * 4))
            (Template with { Init = trial.InitText, LearningRate = trial.LearningRate, WeightDecay = trial.WeightDecay }).Validate();
        return this;
    }

    static string Range((double Low, double High) r) => $"{SearchTrial.Num(r.Low)}:{SearchTrial.Num(r.High)}";

    /// <summary>The trials, in order.</summary>
    public IEnumerable<SearchTrial> SampleTrials()
    {
        var stream = new RandomStream(Seed, "search");
        for (int i = 0; i < Trials; i++)
        {
            var (w0, w1, w2, w3) = IndexKey.Block(stream, i);
            yield return new SearchTrial(i, LogUniform(LearningRate, w0), Inits[IndexKey.Below(w1, Inits.Count)],
                Gain.Low + w2 / 4294967296.0 * (Gain.High - Gain.Low), WeightDecay is (0, 0) ? 0 : LogUniform(WeightDecay, w3));
        }
    }

    static double LogUniform((double Low, double High) range, uint word) =>
        Math.Exp(Math.Log(range.Low) + word / 4294967296.0 * (Math.Log(range.High) - Math.Log(range.Low)));

    /// <summary>The epochs of rung <paramref name="rung"/>: r₀·η^k capped at the maximum (random search: the maximum).</summary>
    public int Budget(int rung) => Method == SearchMethod.Random ? Epochs : (int)Math.Min(Epochs, MinEpochs * Math.Pow(Eta, rung));
}

/// <summary>A trial's result at one rung.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Rung">The rung, 0-based.</param>
/// <param name="Epochs">Its budget.</param>
/// <param name="Result">The run's result (metrics per epoch).</param>
public sealed record SearchEntry(SearchTrial Trial, int Rung, int Epochs, RunResult Result)
{
    /// <summary>The final validation accuracy (0 when the run diverged).</summary>
    public double ValAccuracy => Result.Status == RunStatus.Diverged || Result.Epochs.Count == 0 ? 0 : Result.Epochs[^1].ValAccuracy;

    /// <summary>The final validation loss (+∞ when the run diverged).</summary>
    public double ValLoss => Result.Status == RunStatus.Diverged || Result.Epochs.Count == 0 ? double.PositiveInfinity : Result.Epochs[^1].ValLoss;

    /// <summary>The final test accuracy (reported, never used to select).</summary>
    public double TestAccuracy => Result.FinalAccuracy;
}

/// <summary>Runs a hyperparameter search in a directory: <c>search.json</c>, and one comparison-lab run store per rung (<c>rung-K/</c>).</summary>
/// <remarks>
/// Rung k is a <see cref="ComparisonGrid"/> named <c>search-rung-K</c> with one block per surviving trial (its model, init with
/// gain, activation, norm, optimizer, learning rate and weight decay), one seed and the rung's epochs, stored and run by
/// <see cref="RunStore"/> and <see cref="RunExecutor"/> exactly as <c>initlab compare</c> runs a grid: runs with a result.json
/// are skipped and an interrupted run continues from its checkpoint, so a killed search resumes where it stopped.
/// </remarks>
public static class HyperparameterSearch
{
    /// <summary>The file holding the search's definition.</summary>
    public const string SearchFile = "search.json";

    /// <summary>Runs (or resumes) the search; returns every rung's entries, rung by rung, each ordered best first.</summary>
    /// <exception cref="ArgumentException">The space is invalid, a scheme takes no gain or does not fit the model, or <paramref name="path"/> holds another search.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled.</exception>
    public static IReadOnlyList<IReadOnlyList<SearchEntry>> Run(SearchSpace space, string path, DataSplits data, int threads,
        Action<SearchEntry>? finished = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentException.ThrowIfNullOrEmpty(path);
        space.Validate();
        foreach (string init in space.Inits)
        {
            try
            {
                Trainer.Check(space.Template with { Init = init + ":gain=1" }, data.Train);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--inits {init}: {e.Message}", e);
            }
        }
        string definition = Definition(space);
        string file = Path.Combine(path, SearchFile);
        if (File.Exists(file))
        {
            if (File.ReadAllText(file).TrimEnd('\n') != definition)
                throw new ArgumentException($"--out '{path}' holds another search ({SearchFile} differs); resume with the same options or choose another --out.");
        }
        else
        {
            Directory.CreateDirectory(path);
            AtomicFile.WriteText(file, definition + "\n");
        }
        var alive = space.SampleTrials().ToList();
        var rungs = new List<IReadOnlyList<SearchEntry>>();
        for (int rung = 0; ; rung++)
        {
            int epochs = space.Budget(rung);
            var grid = RungGrid(space, alive, epochs, rung);
            string rungPath = Path.Combine(path, $"rung-{rung}");
            var store = Directory.Exists(rungPath) ? RunStore.Open(rungPath, grid) : RunStore.Create(rungPath, grid);
            var runs = grid.Runs();
            var entries = new List<SearchEntry>();
            for (int i = 0; i < runs.Count; i++)
            {
                cancel.ThrowIfCancellationRequested();
                var result = store.TryLoadResult(runs[i]) ?? RunExecutor.Execute(store, runs[i], data, threads, null, cancel);
                var entry = new SearchEntry(alive[i], rung, epochs, result);
                entries.Add(entry);
                finished?.Invoke(entry);
            }
            var ranked = entries.OrderByDescending(e => e.ValAccuracy).ThenBy(e => e.ValLoss).ThenBy(e => e.Trial.Index).ToList();
            rungs.Add(ranked);
            if (space.Method == SearchMethod.Random || ranked.Count == 1 || epochs >= space.Epochs)
                return rungs;
            alive = [.. ranked.Take((ranked.Count + space.Eta - 1) / space.Eta).Select(e => e.Trial).OrderBy(t => t.Index)];
        }
    }

    /// <summary>The search.json text: every field of the space, and the template config.</summary>
    static string Definition(SearchSpace s) => new System.Text.Json.Nodes.JsonObject
    {
        ["format"] = "initlab-search-1",
        ["method"] = s.Method.ToString().ToLowerInvariant(),
        ["trials"] = s.Trials,
        ["seed"] = s.Seed,
        ["lr"] = new System.Text.Json.Nodes.JsonArray(s.LearningRate.Low, s.LearningRate.High),
        ["inits"] = new System.Text.Json.Nodes.JsonArray([.. s.Inits.Select(i => (System.Text.Json.Nodes.JsonNode)i)]),
        ["gain"] = new System.Text.Json.Nodes.JsonArray(s.Gain.Low, s.Gain.High),
        ["weight_decay"] = new System.Text.Json.Nodes.JsonArray(s.WeightDecay.Low, s.WeightDecay.High),
        ["epochs"] = s.Epochs,
        ["min_epochs"] = s.MinEpochs,
        ["eta"] = s.Eta,
        ["template"] = System.Text.Json.Nodes.JsonNode.Parse(s.Template.ToJson()),
    }.ToJsonString();

    /// <summary>The grid of rung <paramref name="rung"/>: one block per trial.</summary>
    static ComparisonGrid RungGrid(SearchSpace space, IReadOnlyList<SearchTrial> trials, int epochs, int rung)
    {
        var t = space.Template;
        return new ComparisonGrid
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"search-rung-{rung}"),
            Template = t with { Epochs = epochs, Steps = null },
            Blocks = [.. trials.Select(trial => new GridAxes([t.Model], [trial.InitText], [t.Activation], [t.Norm], [t.Optimizer], [trial.LearningRate], [trial.WeightDecay]))],
            Seeds = 1,
            FirstSeed = t.Seed,
        }.Validate();
    }
}
