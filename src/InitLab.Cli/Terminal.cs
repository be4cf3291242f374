using System.CommandLine;
using Spectre.Console;

namespace InitLab.Cli;

/// <summary>Where a verb writes: the invocation's stdout, plain or through Spectre.Console for tables.</summary>
internal sealed class Terminal
{
    Terminal(TextWriter output)
    {
        Out = output;
        Rich = CliConsole.For(output);
    }

    /// <summary>Plain text output (JSON, one-line summaries).</summary>
    public TextWriter Out { get; }

    /// <summary>Spectre.Console on the same writer (tables, charts, progress).</summary>
    public IAnsiConsole Rich { get; }

    /// <summary>The terminal for the invocation that produced <paramref name="result"/>.</summary>
    public static Terminal For(ParseResult result) => new(result.InvocationConfiguration.Output ?? Console.Out);
}
