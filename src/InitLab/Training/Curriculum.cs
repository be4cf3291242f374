using System.Globalization;
using InitLab.Autograd;
using InitLab.Data;
using InitLab.Random;

namespace InitLab.Training;

/// <summary>How fast a curriculum lets harder examples in: the fraction g(t) ∈ (0, 1] of the training set, easiest first, available at step t.</summary>
/// <remarks>
/// With S the run's total steps and c₀ = <c>start</c>:
/// <list type="bullet">
/// <item><c>linear[:start=c₀,end=f]</c>: g(t) = min(1, c₀ + (1 − c₀)·t/(f·S)) (Platanios et al. 2019, linear competence).</item>
/// <item><c>root[:start=c₀,end=f]</c>: g(t) = min(1, √(c₀² + (1 − c₀²)·t/(f·S))) (Platanios et al. 2019, square-root competence).</item>
/// <item><c>step:start=c₀,inc=k,length=L</c>: g(t) = min(1, c₀·k^⌊t/L⌋) (Hacohen &amp; Weinshall 2019, fixed exponential pacing).</item>
/// </list>
/// Defaults: c₀ = 0.2, f = 0.8, k = 2, L = S/10 steps (at least 1). The parameters are validated when parsed.
/// </remarks>
/// <param name="Kind">linear, root or step.</param>
/// <param name="Start">c₀ ∈ (0, 1].</param>
/// <param name="End">f ∈ (0, 1]: the fraction of the run after which linear and root pacing use the whole set.</param>
/// <param name="Increase">k &gt; 1, step pacing's factor.</param>
/// <param name="Length">L ≥ 1 steps between step pacing's increases, or null for S/10.</param>
public sealed record Pacing(string Kind, double Start, double End, double Increase, long? Length)
{
    /// <summary>The pacing names.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["linear", "root", "step"];

    /// <summary>Parses <c>--pacing</c>, e.g. <c>root:start=0.1</c> or <c>step:start=0.2,inc=2,length=100</c>.</summary>
    /// <exception cref="ArgumentException">The name, a key or a value is not allowed.</exception>
    public static Pacing Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        string kind = (colon < 0 ? text : text[..colon]).Trim();
        if (!Kinds.Contains(kind))
            throw new ArgumentException($"--pacing = '{text}': unknown pacing '{kind}'; use {string.Join(", ", Kinds)}.");
        string[] allowed = kind == "step" ? ["start", "inc", "length"] : ["start", "end"];
        var values = new Dictionary<string, double>();
        if (colon >= 0)
            foreach (string pair in text[(colon + 1)..].Split(','))
            {
                var kv = pair.Split('=', 2);
                if (kv.Length != 2 || !allowed.Contains(kv[0].Trim()))
                    throw new ArgumentException($"--pacing = '{text}': '{pair}' is not KEY=VALUE with a key of {kind} ({string.Join(", ", allowed)}).");
                if (!double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                    throw new ArgumentException($"--pacing = '{text}': {kv[0].Trim()} = '{kv[1]}' is not a number.");
                if (!values.TryAdd(kv[0].Trim(), v))
                    throw new ArgumentException($"--pacing = '{text}' gives {kv[0].Trim()} twice.");
            }
        var pacing = new Pacing(kind, values.GetValueOrDefault("start", 0.2), values.GetValueOrDefault("end", 0.8), values.GetValueOrDefault("inc", 2),
            values.TryGetValue("length", out double length) ? (long)length : null);
        if (!(pacing.Start > 0 && pacing.Start <= 1))
            throw new ArgumentException($"--pacing = '{text}': start = {F(pacing.Start)} is not allowed; it must be in (0, 1].");
        if (!(pacing.End > 0 && pacing.End <= 1))
            throw new ArgumentException($"--pacing = '{text}': end = {F(pacing.End)} is not allowed; it must be in (0, 1].");
        if (!(pacing.Increase > 1))
            throw new ArgumentException($"--pacing = '{text}': inc = {F(pacing.Increase)} is not allowed; it must be > 1.");
        if (values.TryGetValue("length", out length) && (length != Math.Floor(length) || length < 1))
            throw new ArgumentException($"--pacing = '{text}': length = {F(length)} is not allowed; it must be a whole number of steps ≥ 1.");
        return pacing;
    }

    /// <summary>g(t) for 0-based step <paramref name="step"/> of <paramref name="totalSteps"/>.</summary>
    public double Fraction(long step, long totalSteps)
    {
        double progress = step / (End * totalSteps);
        double g = Kind switch
        {
            "linear" => Start + (1 - Start) * progress,
            "root" => Math.Sqrt(Start * Start + (1 - Start * Start) * progress),
            _ => Start * Math.Pow(Increase, step / (Length ?? Math.Max(1, totalSteps / 10))),
        };
        return Math.Min(1, g);
    }

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Curriculum learning (Bengio et al. 2009): batches drawn from the easiest examples first, the pool growing by a <see cref="Pacing"/>.</summary>
/// <remarks>
/// The training images are ranked by a difficulty score, easiest (lowest) first, ties by index: <c>teacher:RUN_DIR</c> scores an
/// image by that run's cross-entropy loss on it (evaluation mode, Hacohen &amp; Weinshall 2019's transfer scoring with a trained
/// network), <c>file:PATH</c> reads one score per line for the images of the training file in file order, and <c>random</c> ranks
/// by a random key, word 0 of the Philox block with counter (i, 0, H₀, H₁) for the stream <c>curriculum/random</c> (the control:
/// the same pacing without an ordering). At step t the pool is the first
/// m = max(1, ⌈g(t)·n⌉) ranks, and position k of the batch is rank ⌊w·m/2³²⌋, w being word 0 of the Philox4x32-10 block with
/// counter (k, t, H₀, H₁) and key (seed low, seed high), H the name hash of <c>curriculum</c> (uniform sampling from the pool,
/// with replacement). So batch t is a pure function of (seed, t, scores): the same on any thread count and after resume.
/// </remarks>
public sealed class Curriculum
{
    readonly int[] _ranked;
    readonly RandomStream _stream;

    Curriculum(string source, Pacing pacing, int[] ranked, ulong seed)
    {
        Source = source;
        Pacing = pacing;
        _ranked = ranked;
        _stream = new RandomStream(seed, "curriculum");
    }

    /// <summary>The <c>--curriculum</c> value.</summary>
    public string Source { get; }

    /// <summary>The pacing.</summary>
    public Pacing Pacing { get; }

    /// <summary>The training-set indices, easiest first.</summary>
    public IReadOnlyList<int> Ranked => _ranked;

    /// <summary>Checks the syntax of a <c>--curriculum</c> value: <c>teacher:RUN_DIR</c>, <c>file:PATH</c> or <c>random</c>.</summary>
    /// <exception cref="ArgumentException">It has none of these forms.</exception>
    public static void CheckSyntax(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source != "random" && !(source.StartsWith("teacher:", StringComparison.Ordinal) && source.Length > 8) && !(source.StartsWith("file:", StringComparison.Ordinal) && source.Length > 5))
            throw new ArgumentException($"--curriculum = '{source}' is not allowed; use teacher:RUN_DIR, file:PATH or random.");
    }

    /// <summary>Builds the curriculum of <paramref name="config"/> over its training images <paramref name="train"/>.</summary>
    /// <param name="config">The student's config (<see cref="TrainingConfig.Curriculum"/>, <see cref="TrainingConfig.Pacing"/>).</param>
    /// <param name="data">All the data, before any class subset (the teacher is built on it and selects its own).</param>
    /// <param name="train">The images trained on.</param>
    /// <param name="kept">The index in the training file of each image of <paramref name="train"/>.</param>
    /// <param name="threads">Worker threads for the teacher's forward passes.</param>
    /// <exception cref="ArgumentException">The source is malformed, or the teacher was trained on other data.</exception>
    /// <exception cref="InvalidDataException">The score file does not hold one finite number per training image, or the teacher has no checkpoint.</exception>
    internal static Curriculum Create(TrainingConfig config, DataSplits data, Dataset train, IReadOnlyList<int> kept, int threads)
    {
        string source = config.Curriculum!;
        CheckSyntax(source);
        var pacing = Pacing.Parse(config.Pacing ?? "linear");
        double[] scores;
        if (source == "random")
            scores = [.. Enumerable.Range(0, train.Count).Select(i => (double)RandomKey(config.Seed, i))];
        else if (source.StartsWith("file:", StringComparison.Ordinal))
        {
            var all = ReadScores(source[5..], data.Train.Count);
            scores = [.. kept.Select(i => all[i])];
        }
        else
            scores = TeacherLosses(source[8..], config, data, train, threads);
        var ranked = Enumerable.Range(0, train.Count).OrderBy(i => scores[i]).ThenBy(i => i).ToArray();
        return new Curriculum(source, pacing, ranked, config.Seed);
    }

    /// <summary>The random score of image <paramref name="index"/>: word 0 of the block (index, 0, H₀, H₁) of <c>curriculum/random</c>.</summary>
    static uint RandomKey(ulong seed, int index)
    {
        return IndexKey.Block(new RandomStream(seed, "curriculum/random"), index).Item1;
    }

    /// <summary>Reads one score per line (blank lines ignored), exactly <paramref name="count"/> of them.</summary>
    static double[] ReadScores(string path, int count)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"--curriculum file:{path}: no such file.", path);
        var lines = File.ReadLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count != count)
            throw new InvalidDataException($"--curriculum file:{path} holds {lines.Count} scores; the training file has {count} images, one score per line in file order.");
        var scores = new double[count];
        for (int i = 0; i < count; i++)
            if (!double.TryParse(lines[i], NumberStyles.Float, CultureInfo.InvariantCulture, out scores[i]) || !double.IsFinite(scores[i]))
                throw new InvalidDataException($"--curriculum file:{path}: score {i + 1} '{lines[i].Trim()}' is not a finite number.");
        return scores;
    }

    /// <summary>The cross-entropy loss of the teacher run on every image of <paramref name="train"/>, in evaluation mode.</summary>
    static double[] TeacherLosses(string directory, TrainingConfig student, DataSplits data, Dataset train, int threads)
    {
        var (run, config) = RunDirectory.Open(directory, "--curriculum teacher:");
        if (config.Data != student.Data)
            throw new ArgumentException($"--curriculum teacher:{directory} was trained on --data {config.Data}, the student on --data {student.Data}; score on the same data.");
        student.RequireSameClasses(config, "--curriculum teacher:", directory);
        var teacher = new Trainer(config, data, threads);
        if (run.Restore(teacher) == 0)
            throw new InvalidDataException($"--curriculum teacher:{directory} has no checkpoint yet; train it for at least one epoch.");
        if (config.RestoreBest)
            teacher.UseBestWeights();
        const int batch = 250;
        var losses = new double[train.Count];
        var tape = new Tape(threads, training: false);
        var x = new Tensors.Tensor([batch, .. teacher.Model.InputShape]);
        var targets = new int[batch];
        var indices = new int[batch];
        for (int start = 0; start < train.Count; start += batch)
        {
            int size = Math.Min(batch, train.Count - start);
            for (int k = 0; k < size; k++)
                indices[k] = start + k;
            train.Gather(indices.AsSpan(0, size), x.Span, targets);
            tape.Reset();
            ReadOnlySpan<float> z = teacher.Model.Forward(tape, new Variable(x, requiresGrad: false)).Value.Span;
            int classes = train.Classes;
            for (int k = 0; k < size; k++)
            {
                var row = z.Slice(k * classes, classes);
                double max = double.NegativeInfinity, sum = 0;
                foreach (float v in row)
                    max = Math.Max(max, v);
                foreach (float v in row)
                    sum += Math.Exp(v - max);
                losses[start + k] = max + Math.Log(sum) - row[targets[k]];
            }
        }
        return losses;
    }

    /// <summary>The pool size m at step <paramref name="step"/>: max(1, ⌈g(t)·n⌉).</summary>
    public int PoolSize(long step, long totalSteps) => Math.Max(1, (int)Math.Min(_ranked.Length, Math.Ceiling(Pacing.Fraction(step, totalSteps) * _ranked.Length)));

    /// <summary>Writes the training-set indices of batch <paramref name="step"/> into <paramref name="indices"/>.</summary>
    public void Batch(long step, long totalSteps, Span<int> indices)
    {
        int pool = PoolSize(step, totalSteps);
        for (int k = 0; k < indices.Length; k++)
            indices[k] = _ranked[IndexKey.Below(IndexKey.Block(_stream, k, (uint)step).Item1, pool)];
    }
}
