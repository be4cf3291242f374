using System.CommandLine;
using System.Text.Json.Nodes;
using InitLab.Init;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab list</c>: every scheme in the registry with its aliases, formula, parameters and reference.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var json = CliOptions.Json();
        var command = new Command("list", "List every initialization scheme: aliases, formula, parameters, reference.") { json };
        command.SetAction(result =>
        {
            if (result.GetValue(json))
            {
                var array = new JsonArray(SchemeRegistry.All.Select(e => (JsonNode)new JsonObject
                {
                    ["name"] = e.Name,
                    ["aliases"] = new JsonArray(e.Aliases.Select(a => (JsonNode)a).ToArray()),
                    ["formula"] = e.Formula,
                    ["parameters"] = new JsonArray(e.Parameters.Select(p => (JsonNode)p).ToArray()),
                    ["reference"] = e.Reference,
                }).ToArray());
                Terminal.For(result).Out.WriteLine(array.ToJsonString());
                return 0;
            }
            var table = new Table().AddColumns("scheme", "aliases", "formula", "parameters", "reference");
            foreach (var e in SchemeRegistry.All)
                table.AddRow(Markup.Escape(e.Name), Markup.Escape(string.Join(", ", e.Aliases)), Markup.Escape(e.Formula),
                    Markup.Escape(string.Join(", ", e.Parameters)), Markup.Escape(e.Reference));
            Terminal.For(result).Rich.Write(table);
            return 0;
        });
        return command;
    }
}
