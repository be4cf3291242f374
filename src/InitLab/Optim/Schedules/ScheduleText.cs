using System.Globalization;
using InitLab.Training;

namespace InitLab.Optim.Schedules;

/// <summary>What a schedule's durations count: optimizer steps (batches) or epochs.</summary>
public enum ScheduleUnit
{
    /// <summary>The schedule advances every batch (the default).</summary>
    Step,

    /// <summary>The schedule advances once per epoch, like <c>scheduler.step()</c> at the end of each epoch in PyTorch; step-size, milestones, t-max, t0, step-size-up and warmup count epochs.</summary>
    Epoch,
}

/// <summary>A learning-rate schedule as written on the command line: <c>NAME[:KEY=VALUE,...]</c> (<see cref="SpecText"/>), e.g. <c>onecycle:pct-start=0.25,warmup=100</c>.</summary>
/// <remarks>
/// Names: constant, step, multistep, exponential, cosine, cyclic, sgdr (alias cosine-warm-restarts), onecycle (alias one-cycle).
/// Every schedule also takes <c>warmup=N</c> and <c>warmup-start=F</c> (<see cref="LinearWarmup"/>) and <c>unit=step|epoch</c>.
/// Multistep's milestones are joined with '+': <c>multistep:milestones=1000+2000</c>.
/// </remarks>
/// <param name="Schedule">The schedule, the warmup included.</param>
/// <param name="Unit">What its durations count.</param>
public sealed record ScheduleText(LearningRateSchedule Schedule, ScheduleUnit Unit)
{
    /// <summary>The schedule names, for messages and help.</summary>
    public const string Names = "constant, step, multistep, exponential, cosine, cyclic, sgdr (cosine-warm-restarts) or onecycle";

    static readonly Dictionary<string, string[]> KeysOf = new()
    {
        ["constant"] = [],
        ["step"] = ["step-size", "gamma"],
        ["multistep"] = ["milestones", "gamma"],
        ["exponential"] = ["gamma"],
        ["cosine"] = ["t-max", "eta-min"],
        ["cyclic"] = ["max-lr", "base-lr", "step-size-up", "step-size-down", "mode", "gamma"],
        ["sgdr"] = ["t0", "t-mult", "eta-min"],
        ["onecycle"] = ["max-lr", "pct-start", "div-factor", "final-div-factor", "anneal", "three-phase"],
    };

    /// <summary>Parses <paramref name="text"/>; errors name <paramref name="option"/>, the value and what is allowed.</summary>
    /// <exception cref="ArgumentException">The name is unknown, a key does not belong to the schedule, or a value is out of range.</exception>
    public static ScheduleText Parse(string text, string option)
    {
        var (rawName, pairs) = SpecText.Split(text, option, "schedule");
        string name = rawName.ToLowerInvariant().Replace('_', '-') switch
        {
            "cosine-warm-restarts" or "cosine-annealing-warm-restarts" => "sgdr",
            "one-cycle" => "onecycle",
            "multi-step" => "multistep",
            var n => n,
        };
        if (!KeysOf.TryGetValue(name, out var keys))
            throw new ArgumentException($"{option} = '{text}': '{rawName}' is not a schedule; use {Names}.");
        var values = pairs.ToDictionary(p => p.Key, p => p.Value);
        foreach (var (key, _) in pairs)
            if (!keys.Contains(key) && key is not ("warmup" or "warmup-start" or "unit"))
                throw new ArgumentException($"{option} = '{text}': '{key}' is not a parameter of {name}; use " +
                                            string.Join(", ", [.. keys, "warmup", "warmup-start", "unit"]) + ".");
        double Number(string key, double fallback)
        {
            if (!values.TryGetValue(key, out var v))
                return fallback;
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x))
                throw new ArgumentException($"{option} = '{text}': {key} = '{v}' is not a number.");
            return x;
        }
        double? Optional(string key) => values.ContainsKey(key) ? Number(key, 0) : null;
        double Required(string key) => values.ContainsKey(key) ? Number(key, 0)
            : throw new ArgumentException($"{option} = '{text}': {name} needs {key}=VALUE.");
        long Count(string key, double value, long min)
        {
            if (value != Math.Floor(value) || value < min || value > int.MaxValue)
                throw new ArgumentException($"{option} = '{text}': {key} = {value} is not allowed; it must be a whole number ≥ {min}.");
            return (long)value;
        }
        double Positive(string key, double value) => value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentException($"{option} = '{text}': {key} = {value} is not allowed; it must be finite and > 0.");
        double Floor(string key) => Number(key, 0) is var v && v >= 0 && double.IsFinite(v) ? v
            : throw new ArgumentException($"{option} = '{text}': {key} = {values[key]} is not allowed; it must be finite and ≥ 0.");
        T Choice<T>(string key, T fallback) where T : struct, Enum =>
            values.TryGetValue(key, out var v) ? Init.EnumText.Parse<T>(v, $"{option} {key}") : fallback;

        LearningRateSchedule schedule = name switch
        {
            "constant" => new ConstantLr(),
            "step" => new StepLr(Count("step-size", Required("step-size"), 1), Positive("gamma", Number("gamma", 0.1))),
            "multistep" => new MultiStepLr(Milestones(values.GetValueOrDefault("milestones")), Positive("gamma", Number("gamma", 0.1))),
            "exponential" => new ExponentialLr(Positive("gamma", Required("gamma"))),
            "cosine" => new CosineLr(Optional("t-max") is double tMax ? Count("t-max", tMax, 1) : null, Floor("eta-min")),
            "cyclic" => new CyclicLr(Positive("max-lr", Required("max-lr")), Optional("base-lr") is double b ? Positive("base-lr", b) : null,
                Count("step-size-up", Number("step-size-up", 2000), 1), Optional("step-size-down") is double down ? Count("step-size-down", down, 1) : null,
                Choice("mode", CyclicMode.Triangular), Positive("gamma", Number("gamma", 1))),
            "sgdr" => new CosineWarmRestarts(Count("t0", Required("t0"), 1), Count("t-mult", Number("t-mult", 1), 1), Floor("eta-min")),
            _ => OneCycle(),
        };
        if (values.ContainsKey("warmup-start") && !values.ContainsKey("warmup"))
            throw new ArgumentException($"{option} = '{text}': warmup-start needs warmup=STEPS.");
        if (values.ContainsKey("warmup"))
        {
            double start = Number("warmup-start", LinearWarmup.DefaultStartFactor);
            if (!(start > 0 && start <= 1))
                throw new ArgumentException($"{option} = '{text}': warmup-start = {start} is not allowed; it must be in (0, 1].");
            schedule = new LinearWarmup(Count("warmup", Number("warmup", 0), 1), start, schedule);
        }
        return new ScheduleText(schedule, Choice("unit", ScheduleUnit.Step));

        OneCycleLr OneCycle()
        {
            double pct = Number("pct-start", 0.3);
            if (!(pct > 0 && pct < 1))
                throw new ArgumentException($"{option} = '{text}': pct-start = {pct} is not allowed; it must be in (0, 1).");
            string phases = values.GetValueOrDefault("three-phase", "false").ToLowerInvariant();
            if (phases is not ("true" or "false"))
                throw new ArgumentException($"{option} = '{text}': three-phase = '{phases}' is not allowed; use true or false.");
            return new OneCycleLr(Optional("max-lr") is double max ? Positive("max-lr", max) : null, pct, Positive("div-factor", Number("div-factor", 25)),
                Positive("final-div-factor", Number("final-div-factor", 1e4)), Choice("anneal", AnnealStrategy.Cos), phases == "true");
        }

        IReadOnlyList<long> Milestones(string? list)
        {
            if (list is null)
                throw new ArgumentException($"{option} = '{text}': multistep needs milestones=M1+M2+... (increasing steps).");
            var parsed = new List<long>();
            foreach (string m in list.Split('+'))
            {
                if (!long.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out long step) || step < 1 || parsed.Count > 0 && step <= parsed[^1])
                    throw new ArgumentException($"{option} = '{text}': milestones = '{list}' is not allowed; give increasing whole steps ≥ 1 joined by '+', e.g. 1000+2000.");
                parsed.Add(step);
            }
            return parsed;
        }
    }

    /// <summary>The learning rate of 0-based optimizer step <paramref name="step"/> of a run of <paramref name="totalSteps"/> steps in epochs of <paramref name="batchesPerEpoch"/> batches.</summary>
    public double LearningRateAt(double lr, long step, long totalSteps, int batchesPerEpoch) => Unit == ScheduleUnit.Step
        ? Schedule.At(lr, step, totalSteps)
        : Schedule.At(lr, step / batchesPerEpoch, (totalSteps + batchesPerEpoch - 1) / batchesPerEpoch);

    /// <summary>The first step whose rate is not finite and &gt; 0 (the optimizer needs a positive rate), or null when every step's is.</summary>
    public (long Step, double Rate)? FirstNonPositive(double lr, long totalSteps, int batchesPerEpoch)
    {
        for (long t = 0; t < totalSteps; t++)
            if (LearningRateAt(lr, t, totalSteps, batchesPerEpoch) is var rate && !(rate > 0 && double.IsFinite(rate)))
                return (t, rate);
        return null;
    }
}
