using System.CommandLine;
using System.Text.Json.Nodes;
using InitLab.Init;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab fans --shape ...</c>: fan_in, fan_out and the receptive field under a layout and groups.</summary>
internal static class FansCommand
{
    public static Command Create()
    {
        var shape = new Option<string>("--shape") { Description = "Comma-separated dimensions, e.g. 64,3,3,3.", Required = true };
        var layout = CliOptions.Layout();
        var groups = CliOptions.Groups();
        var json = CliOptions.Json();
        var command = new Command("fans", "fan_in, fan_out and receptive field of a weight shape, exact and as PyTorch computes them.")
        {
            shape, layout, groups, json,
        };
        command.SetAction(result =>
        {
            int[] dims = CliOptions.ParseShape(result.GetRequiredValue(shape));
            var kind = EnumText.Parse<WeightLayout>(result.GetValue(layout) ?? "out-in", "--layout");
            int g = result.GetValue(groups);
            var exact = new FanRule(kind, g).Compute(dims);
            var uncorrected = new FanRule(kind, g, correctGroups: false).Compute(dims);
            var output = Terminal.For(result).Out;
            if (result.GetValue(json))
            {
                output.WriteLine(new JsonObject
                {
                    ["shape"] = new JsonArray(dims.Select(d => (JsonNode)d).ToArray()),
                    ["layout"] = EnumText.Name(kind),
                    ["groups"] = g,
                    ["fan_in"] = exact.FanIn,
                    ["fan_out"] = exact.FanOut,
                    ["receptive_field"] = exact.ReceptiveField,
                    ["fan_in_uncorrected"] = uncorrected.FanIn,
                    ["fan_out_uncorrected"] = uncorrected.FanOut,
                }.ToJsonString());
                return 0;
            }
            output.WriteLine($"[{string.Join(", ", dims)}] {EnumText.Name(kind)}, groups {g}: fan_in = {exact.FanIn}, fan_out = {exact.FanOut}, receptive field = {exact.ReceptiveField}");
            if (uncorrected != exact)
                output.WriteLine($"without the groups correction (PyTorch, Keras): fan_in = {uncorrected.FanIn}, fan_out = {uncorrected.FanOut}");
            return 0;
        });
        return command;
    }
}
