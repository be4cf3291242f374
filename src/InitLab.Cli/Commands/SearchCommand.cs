using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using InitLab.Data;
using InitLab.Lab;
using InitLab.Models;
using InitLab.Training;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab search</c>: random search or successive halving over learning rate, init scheme, gain and weight decay, in the comparison lab's run store.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "fashion-mnist, embedded, or a directory of MNIST-layout IDX files." };
        var model = new Option<string?>("--model") { Description = "The model spec." };
        var method = CliOptions.Create("--method", "random (every trial the full budget) or sha (synchronous successive halving).", () => "sha");
        method.AcceptOnlyFromAmong("random", "sha");
        var trials = CliOptions.Create("--trials", "Sampled configurations.", () => 9);
        var lr = CliOptions.Create("--lr", "Learning-rate range LOW:HIGH, sampled log-uniformly.", () => "0.001:0.3");
        var inits = CliOptions.Create("--inits", "Comma-separated weight schemes that take a gain.", () => "glorot-uniform,glorot-normal,orthogonal");
        var gain = CliOptions.Create("--gain", "Gain range LOW:HIGH, sampled uniformly.", () => "0.5:2");
        var weightDecay = CliOptions.Create("--weight-decay", "Weight-decay range LOW:HIGH, sampled log-uniformly (0:0 for none).", () => "0.000001:0.01");
        var epochs = CliOptions.Create("--epochs", "The maximal budget in epochs (random search: every trial's).", () => 3);
        var minEpochs = CliOptions.Create("--min-epochs", "Successive halving's first budget.", () => 1);
        var eta = CliOptions.Create("--eta", "Successive halving keeps the best 1/eta at each rung and multiplies the budget by eta.", () => 3);
        var validation = CliOptions.Create("--val", "The validation fraction the trials are ranked on.", () => 0.1);
        var act = CliOptions.Create("--act", "The hidden activation.", () => "relu");
        var opt = CliOptions.Create("--opt", "The optimizer NAME[:KEY=VALUE,...], as train's --opt (e.g. sgd, adam, rmsprop:centered=true).", () => "sgd");
        var momentum = CliOptions.Create("--momentum", "SGD momentum.", () => 0.9);
        var batch = CliOptions.Create("--batch", "Images per batch.", () => 128);
        var seed = CliOptions.Seed();
        var threads = CliOptions.Threads();
        var output = new Option<string?>("--out") { Description = "The search directory (search.json and a run store per rung); rerun the same command to resume." };
        var json = CliOptions.Json();
        var command = new Command("search", "Hyperparameter search (random or successive halving) over lr, init scheme, gain and weight decay; resumable.")
        {
            data, model, method, trials, lr, inits, gain, weightDecay, epochs, minEpochs, eta, validation, act, opt, momentum, batch, seed, threads, output, json,
        };
        command.SetAction(result =>
        {
            var terminal = Terminal.For(result);
            var optimizer = OptimizerSpec.Parse(result.GetValue(opt)!, "--opt");
            var template = new TrainingConfig
            {
                Data = result.GetValue(data) ?? throw new ArgumentException("search needs --data (fashion-mnist, embedded or a directory)."),
                Model = result.GetValue(model) ?? throw new ArgumentException("search needs --model SPEC, e.g. mlp:784-64-10."),
                Activation = result.GetValue(act)!,
                Optimizer = optimizer,
                Momentum = optimizer.Kind == OptimizerKind.Sgd && optimizer.Momentum is null ? result.GetValue(momentum) : 0,
                Batch = result.GetValue(batch),
                Validation = result.GetValue(validation),
                Seed = result.GetValue(seed),
            };
            var space = new SearchSpace(template, result.GetValue(method) == "random" ? SearchMethod.Random : SearchMethod.Sha, result.GetValue(trials),
                result.GetValue(seed), Range("--lr", result.GetValue(lr)!), result.GetValue(inits)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Range("--gain", result.GetValue(gain)!), Range("--weight-decay", result.GetValue(weightDecay)!), result.GetValue(epochs), result.GetValue(minEpochs), result.GetValue(eta)).Validate();
            string outDir = result.GetValue(output) ?? throw new ArgumentException("search needs --out DIR (it is resumable: rerun the same command).");
            var splits = DataSource.Load(template.Data);
            var rungs = HyperparameterSearch.Run(space, outDir, splits, result.GetValue(threads));
            var best = rungs[^1][0];
            if (result.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var entry in rungs.SelectMany(r => r))
                    array.Add(new JsonObject
                    {
                        ["rung"] = entry.Rung, ["epochs"] = entry.Epochs, ["trial"] = entry.Trial.Index, ["lr"] = entry.Trial.LearningRate,
                        ["init"] = entry.Trial.InitText, ["weight_decay"] = entry.Trial.WeightDecay,
                        ["val_accuracy"] = entry.ValAccuracy, ["val_loss"] = entry.ValLoss, ["test_accuracy"] = entry.TestAccuracy,
                    });
                terminal.Out.WriteLine(new JsonObject { ["entries"] = array, ["best"] = BestCommand(template, best) }.ToJsonString());
                return 0;
            }
            var table = new Table().AddColumns("rung", "epochs", "trial", "lr", "init", "weight_decay", "val_acc", "val_loss", "test_acc");
            foreach (var entry in rungs.SelectMany(r => r))
                table.AddRow(entry.Rung.ToString(CultureInfo.InvariantCulture), entry.Epochs.ToString(CultureInfo.InvariantCulture), entry.Trial.Index.ToString(CultureInfo.InvariantCulture),
                    SearchTrial.Num(entry.Trial.LearningRate), Markup.Escape(entry.Trial.InitText), SearchTrial.Num(entry.Trial.WeightDecay),
                    F(entry.ValAccuracy), F(entry.ValLoss), F(entry.TestAccuracy));
            terminal.Rich.Write(table);
            terminal.Out.WriteLine($"best: trial {best.Trial.Index}, val_acc {F(best.ValAccuracy)}, test_acc {F(best.TestAccuracy)}");
            terminal.Out.WriteLine(BestCommand(template, best));
            return 0;
        });
        return command;
    }

    /// <summary>The <c>initlab train</c> command that trains the best trial at its budget.</summary>
    static string BestCommand(TrainingConfig t, SearchEntry best) => string.Create(CultureInfo.InvariantCulture,
        $"initlab train --data {t.Data} --model {t.Model} --act {t.Activation} --opt {t.Optimizer} --momentum {t.Momentum} --batch {t.Batch} --val {t.Validation} --seed {t.Seed} --epochs {best.Epochs} --lr {best.Trial.LearningRate:R} --init {best.Trial.InitText} --weight-decay {best.Trial.WeightDecay:R}");

    static (double, double) Range(string option, string text)
    {
        var parts = text.Split(':');
        double P(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new ArgumentException($"{option} = '{text}' is not allowed; give LOW:HIGH (two numbers) or one number.");
        return parts.Length switch
        {
            1 => (P(parts[0]), P(parts[0])),
            2 => (P(parts[0]), P(parts[1])),
            _ => throw new ArgumentException($"{option} = '{text}' is not allowed; give LOW:HIGH (two numbers) or one number."),
        };
    }

    static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
