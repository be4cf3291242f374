using System.CommandLine;
using Spectre.Console;

namespace InitLab.Cli;

/// <summary>Where a verb writes: the writers <see cref="CliApp.Run"/> was given, so tests can capture the output.</summary>
internal static class CliConsole
{
    /// <summary>The standard output of this invocation.</summary>
    public static TextWriter Out(ParseResult result) => result.InvocationConfiguration.Output;

    /// <summary>A Spectre console over this invocation's standard output (plain text when it is not a terminal).</summary>
    public static IAnsiConsole Ansi(ParseResult result)
    {
        var writer = Out(result);
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Pipes and captured writers report 80 columns; wide tables (initlab list) read better unwrapped.
        if (!terminal) console.Profile.Width = 240;
        return console;
    }
}
