using System.CommandLine;
using System.Text.Json.Nodes;
using InitLab.Training;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab bench train</c>: training images per second (forward, backward, optimizer step); <c>bench/peers/train.py</c> times torch on the same model.</summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var model = CliOptions.Create("--model", "The model spec.", () => "mlp:784-256-128-100-10");
        var batch = CliOptions.Create("--batch", "Images per batch.", () => 128);
        var opt = CliOptions.Create("--opt", "The optimizer NAME[:KEY=VALUE,...] as train's --opt: sgd runs at η 0.01 with momentum 0.9, every other one at η 0.001.", () => "sgd");
        var precision = CliOptions.Precision();
        var threads = CliOptions.Threads();
        var seconds = CliOptions.Create("--seconds", "Time budget for the timed steps (five rounds; the median is reported).", () => 3.0);
        var json = CliOptions.Json();
        var command = new Command("train", "Training throughput in images/s (forward, backward and optimizer step) for a model spec.")
        {
            model, batch, opt, precision, threads, seconds, json,
        };
        command.SetAction(result =>
        {
            var terminal = Terminal.For(result);
            string spec = result.GetValue(model)!;
            int b = CliOptions.AtLeastOne(result.GetValue(batch), "--batch");
            double budget = CliOptions.PositiveSeconds(result.GetValue(seconds));
            int t = BenchCommand.Threads(result.GetValue(threads));
            var kind = OptimizerSpec.Parse(result.GetValue(opt)!, "--opt");
            var arithmetic = CliOptions.ParsePrecision(result.GetValue(precision)!);
            double rate = ThroughputBenchmark.SamplesPerSecond(spec, b, kind, t, budget, arithmetic);
            string precisionName = result.GetValue(precision)!;
            if (result.GetValue(json))
                terminal.Out.WriteLine(new JsonObject { ["model"] = spec, ["batch"] = b, ["threads"] = t, ["opt"] = result.GetValue(opt), ["precision"] = precisionName, ["samples_per_sec"] = rate }.ToJsonString());
            else
                terminal.Out.WriteLine($"{spec}, batch {b}, {result.GetValue(opt)}, {precisionName}, {t} threads: {rate:F0} samples/s");
            return 0;
        });
        return command;
    }
}
