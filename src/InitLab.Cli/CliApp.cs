using System.CommandLine;
using InitLab.Cli.Commands;

namespace InitLab.Cli;

/// <summary>Builds the <c>initlab</c> command tree and runs it: errors become one stderr line and exit code 2.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a failure that is InitLab's fault.</summary>
    public const int InternalError = 70;

    /// <summary>The root command with every verb.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("InitLab: exact, reproducible neural-network parameter initialization, with the diagnostics that show what it does.");
        root.Add(InitCommand.Create());
        root.Add(ListCommand.Create());
        root.Add(GainCommand.Create());
        root.Add(FansCommand.Create());
        root.Add(BenchCommand.Create());
        root.Add(TrainCommand.Create());
        root.Add(TheoryCommand.Create());
        root.Add(ProbeCommand.Create());
        root.Add(CoordCheckCommand.Create());
        root.Add(CompareCommand.Create());
        root.Add(EnsembleCommand.Create());
        root.Add(SearchCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"initlab: error: {OneLine(parse.Errors[0].Message)}");
            return UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr });
        }
        catch (Exception e) when (IsUserError(e))
        {
            stderr.WriteLine($"initlab: error: {OneLine(Unwrap(e).Message)}");
            return UsageError;
        }
        catch (Exception e)
        {
            // A bug, not bad input: still one line, with the type so it can be reported.
            stderr.WriteLine($"initlab: internal error: {Unwrap(e).GetType().Name}: {OneLine(Unwrap(e).Message)}");
            return InternalError;
        }
    }

    static Exception Unwrap(Exception e) => e is AggregateException { InnerException: { } inner } ? Unwrap(inner) : e;

    static bool IsUserError(Exception e) => Unwrap(e) is ArgumentException or InvalidDataException or IOException
        or UnauthorizedAccessException or FormatException or NotSupportedException or InvalidOperationException or OverflowException;

    /// <summary>Exception messages may span lines (ArgumentException appends the parameter); keep the first.</summary>
    static string OneLine(string message)
    {
        string first = message.Split('\n')[0].Trim();
        int param = first.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return param > 0 ? first[..param] : first;
    }
}
