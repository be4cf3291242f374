using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using InitLab.Training;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab ensemble RUN_DIR...</c>: average the softmax predictions of trained runs and compare the ensemble with each member.</summary>
internal static class EnsembleCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN_DIR") { Description = "Run directories written by 'initlab train --out' (or by 'initlab compare'); their last checkpoints are loaded.", Arity = ArgumentArity.OneOrMore };
        var threads = CliOptions.Threads();
        var json = CliOptions.Json();
        var command = new Command("ensemble", "Average the test-set predictions of several runs (seeds, inits, …) and report the ensemble's accuracy against each member's.")
        {
            runs, threads, json,
        };
        command.SetAction(result =>
        {
            var terminal = Terminal.For(result);
            var ensemble = Ensemble.Evaluate(result.GetValue(runs) ?? [], result.GetValue(threads));
            if (result.GetValue(json))
            {
                var members = new JsonArray();
                foreach (var m in ensemble.Members)
                    members.Add(new JsonObject
                    {
                        ["run"] = m.Path, ["model"] = m.Config.Model, ["init"] = m.Config.Init, ["seed"] = m.Config.Seed, ["epoch"] = m.Epoch,
                        ["test_accuracy"] = m.Accuracy, ["test_loss"] = m.Loss,
                    });
                terminal.Out.WriteLine(new JsonObject
                {
                    ["members"] = members,
                    ["ensemble"] = new JsonObject { ["test_accuracy"] = ensemble.Accuracy, ["test_loss"] = ensemble.Loss, ["images"] = ensemble.Images },
                    ["mean_member_accuracy"] = ensemble.MeanMemberAccuracy,
                    ["best_member_accuracy"] = ensemble.BestMemberAccuracy,
                }.ToJsonString());
                return 0;
            }
            var table = new Table().AddColumns("run", "model", "init", "seed", "epoch", "test_acc", "test_loss");
            foreach (var m in ensemble.Members)
                table.AddRow(Markup.Escape(m.Path), Markup.Escape(m.Config.Model), Markup.Escape(m.Config.Init), m.Config.Seed.ToString(CultureInfo.InvariantCulture),
                    m.Epoch.ToString(CultureInfo.InvariantCulture), F(m.Accuracy), F(m.Loss));
            table.AddRow("[bold]ensemble[/]", "", "", "", "", $"[bold]{F(ensemble.Accuracy)}[/]", $"[bold]{F(ensemble.Loss)}[/]");
            terminal.Rich.Write(table);
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ensemble.Members.Count} members on {ensemble.Images} test images: ensemble {ensemble.Accuracy:F4}, mean member {ensemble.MeanMemberAccuracy:F4}, best member {ensemble.BestMemberAccuracy:F4}"));
            return 0;
        });
        return command;
    }

    static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
