using System.CommandLine;
using System.CommandLine.Help;
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
    /// <remarks>
    /// A <see cref="RootCommand"/> takes its name from the process (<c>InitLab.Cli</c> under <c>dotnet InitLab.Cli.dll</c>, <c>testhost</c>
    /// in tests), and usage lines would show that; a plain command named <c>initlab</c> with the help and version options is the same
    /// parser with the name users type.
    /// </remarks>
    public static Command Build()
    {
        var root = new Command("initlab", "InitLab: exact, reproducible neural-network parameter initialization, with the diagnostics that show what it does.")
        {
            new HelpOption(),
            new VersionOption(),
        };
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
        root.Add(InitModelCommand.Create());
        root.Add(EnsembleCommand.Create());
        root.Add(SearchCommand.Create());
        root.Add(PretrainCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"initlab: error: {OneLine(FirstError(parse, root))}");
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

    /// <summary>The parse error to show: an unrecognized token before the missing command it causes, and the verbs when none was given.</summary>
    static string FirstError(ParseResult parse, Command root)
    {
        var unrecognized = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal));
        if (unrecognized is not null && parse.CommandResult.Command is var command && command != root)
            return $"{unrecognized.Message} (initlab {Path(parse.CommandResult)} --help lists its options)";
        if (unrecognized is not null)
            return $"{unrecognized.Message} (the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))}; initlab --help)";
        if (parse.CommandResult.Command == root && parse.Errors[0].Message.StartsWith("Required command", StringComparison.Ordinal))
            return $"a command is required: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (initlab --help)";
        return parse.Errors[0].Message;
    }

    static string Path(System.CommandLine.Parsing.CommandResult result) =>
        result.Parent is System.CommandLine.Parsing.CommandResult { Parent: not null } parent ? $"{Path(parent)} {result.Command.Name}" : result.Command.Name;

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
