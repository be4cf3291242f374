using System.CommandLine;
using System.Text.Json.Nodes;
using InitLab.Init;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab gain &lt;nonlinearity&gt;</c>: the gain from the library's one gain table.</summary>
internal static class GainCommand
{
    public static Command Create()
    {
        var nonlinearity = new Argument<string>("nonlinearity") { Description = $"One of: {string.Join(", ", EnumText.Names<Nonlinearity>())}." };
        var slope = new Option<double?>("--negative-slope") { Description = "leaky-relu's slope (default 0.01)." };
        var json = CliOptions.Json();
        var command = new Command("gain", "The recommended gain for a nonlinearity (PyTorch's table; quadrature for gelu, silu, elu, mish).")
        {
            nonlinearity, slope, json,
        };
        command.SetAction(result =>
        {
            var which = Gains.Parse(result.GetRequiredValue(nonlinearity));
            double? negativeSlope = result.GetValue(slope);
            double gain = Gains.Of(which, negativeSlope);
            bool quadrature = which is Nonlinearity.Gelu or Nonlinearity.Silu or Nonlinearity.Elu or Nonlinearity.Mish;
            string method = quadrature ? "1/√E[φ(z)²], z ~ N(0,1), composite Gauss–Legendre quadrature" : "PyTorch calculate_gain";
            var output = Terminal.For(result).Out;
            if (result.GetValue(json))
            {
                var o = new JsonObject { ["nonlinearity"] = EnumText.Name(which), ["gain"] = gain, ["method"] = method };
                if (which == Nonlinearity.LeakyRelu) o["negative_slope"] = negativeSlope ?? Gains.DefaultNegativeSlope;
                output.WriteLine(o.ToJsonString());
            }
            else
            {
                output.WriteLine($"{EnumText.Name(which)}: gain = {CliOptions.Format(gain)} ({method})");
            }
            return 0;
        });
        return command;
    }
}
