using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using InitLab.Optim.Schedules;
using InitLab.Reports;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab schedule SPEC --lr X --steps N</c>: the learning rate of every step of a schedule, as a table, JSON or a chart.</summary>
internal static class ScheduleCommand
{
    /// <summary>The table shows every step up to this many, then this many evenly spaced steps and the last.</summary>
    const int Rows = 20;

    public static Command Create()
    {
        var spec = new Argument<string>("schedule") { Description = TrainCommand.ScheduleHelp };
        var lr = CliOptions.Create("--lr", "The base learning rate η (train's --lr).", () => 0.01);
        var steps = new Option<long?>("--steps") { Description = "The run's optimizer steps (or give --epochs and --batches)." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs, with --batches: steps = epochs × batches (needed by unit=epoch)." };
        var batches = new Option<int?>("--batches") { Description = "Batches per epoch (train: ⌈training images / --batch⌉)." };
        var plot = new Option<string?>("--plot") { Description = "Write the curve to FILE.svg or FILE.html instead of printing the table." };
        var json = CliOptions.Json();
        var command = new Command("schedule", "Print or plot the learning rate per step of a --lr-schedule.") { spec, lr, steps, epochs, batches, plot, json };
        command.SetAction(result =>
        {
            string text = result.GetRequiredValue(spec);
            var schedule = ScheduleText.Parse(text, "schedule");
            double rate = result.GetValue(lr);
            if (!(rate > 0) || !double.IsFinite(rate))
                throw new ArgumentException($"--lr = {rate} is not allowed; it must be finite and > 0.");
            var (total, perEpoch) = Length(result.GetValue(steps), result.GetValue(epochs), result.GetValue(batches), schedule.Unit);
            double[] rates = ScheduleChart.Rates(schedule, rate, total, perEpoch);
            var output = Terminal.For(result).Out;
            if (result.GetValue(plot) is { } file)
            {
                string svg = ScheduleChart.ToSvg($"{text}, --lr {CliOptions.Format(rate)}, {total} steps", rates);
                string extension = Path.GetExtension(file).ToLowerInvariant();
                string content = extension switch
                {
                    ".svg" => svg,
                    ".html" => new HtmlPage($"Learning-rate schedule {text}").Figure(svg).ToString(),
                    _ => throw new ArgumentException($"--plot = '{file}' is not allowed; the file must end in .svg or .html."),
                };
                IO.AtomicFile.WriteText(file, content);
                output.WriteLine($"wrote {file}");
                return 0;
            }
            if (result.GetValue(json))
            {
                output.WriteLine(new JsonObject
                {
                    ["schedule"] = text, ["lr"] = rate, ["steps"] = total, ["batches_per_epoch"] = perEpoch,
                    ["rates"] = new JsonArray([.. rates.Select(r => (JsonNode)r)]),
                }.ToJsonString());
                return 0;
            }
            output.WriteLine(" step  learning_rate");
            foreach (long t in Shown(total))
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t,5}  {CliOptions.Format(rates[t])}"));
            return 0;
        });
        return command;
    }

    /// <summary>The run's steps and batches per epoch from <c>--steps</c> or <c>--epochs</c> × <c>--batches</c>.</summary>
    static (long Steps, int BatchesPerEpoch) Length(long? steps, int? epochs, int? batches, ScheduleUnit unit)
    {
        if (epochs is < 1)
            throw new ArgumentException($"--epochs = {epochs} is not allowed; it must be ≥ 1.");
        if (batches is < 1)
            throw new ArgumentException($"--batches = {batches} is not allowed; it must be ≥ 1.");
        if (epochs.HasValue != batches.HasValue)
            throw new ArgumentException("--epochs and --batches go together: steps = epochs × batches.");
        if (steps is long s && epochs is int e && s != (long)e * batches!.Value)
            throw new ArgumentException($"--steps = {s} disagrees with --epochs {e} × --batches {batches} = {(long)e * batches}; give one or the other.");
        long total = steps ?? (long?)epochs * batches ?? throw new ArgumentException("schedule needs --steps N (or --epochs E --batches B).");
        if (total is < 1 or > 10_000_000)
            throw new ArgumentException($"--steps = {total} is not allowed; it must be in [1, 10000000].");
        if (unit == ScheduleUnit.Epoch && batches is null)
            throw new ArgumentException("unit=epoch needs --epochs E --batches B, to know where the epochs end.");
        return (total, batches ?? 1);
    }

    /// <summary>The steps the table shows: all of them, or <see cref="Rows"/> evenly spaced ones and the last.</summary>
    static IEnumerable<long> Shown(long total) => total <= Rows + 1
        ? Enumerable.Range(0, (int)total).Select(t => (long)t)
        : Enumerable.Range(0, Rows).Select(i => i * (total - 1) / Rows).Append(total - 1).Distinct();
}
