using System.CommandLine;
using InitLab.Cli;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Cli;

/// <summary>One grammar across the verbs: NAME:KEY=VALUE and the flag forms, resume with the original command line, usage lines and every verb's help.</summary>
public sealed class CliGrammarTests : IDisposable
{
    readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    /// <summary>Every command path of the tree: "init", "bench fill", ….</summary>
    static List<string> VerbPaths()
    {
        var paths = new List<string>();
        void Walk(Command command, string path)
        {
            foreach (var sub in command.Subcommands)
            {
                string p = path.Length == 0 ? sub.Name : $"{path} {sub.Name}";
                paths.Add(p);
                Walk(sub, p);
            }
        }
        Walk(CliApp.Build(), "");
        return paths;
    }

    public static TheoryData<string> Verbs() => [.. VerbPaths()];

    [Theory]
    [MemberData(nameof(Verbs))]
    public void EveryVerbsHelp_ExitsZero_WithAUsageLineThatSaysInitlab(string verb)
    {
        var result = CliRunner.Run([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Err);
        Assert.Contains($"Usage:\n  initlab {verb}", result.Out.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("InitLab.Cli", result.Out);
        Assert.DoesNotContain("testhost", result.Out);
        Assert.Contains("Options:", result.Out);
    }

    [Fact]
    public void TheTreeHasEveryVerb()
    {
        var verbs = VerbPaths();
        foreach (string verb in new[] { "init", "list", "gain", "fans", "bench", "bench fill", "train", "theory", "probe", "coordcheck", "compare" })
            Assert.Contains(verb, verbs);
    }

    [Fact]
    public void RootHelp_SaysInitlab()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:\n  initlab [command] [options]", result.Out.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("a command is required: init, list", new string[0])]
    [InlineData("Unrecognized command or argument 'nosuch'. (the commands are init, list", new[] { "nosuch" })]
    [InlineData("Unrecognized command or argument '--bogus'. (initlab train --help lists its options)", new[] { "train", "--bogus" })]
    [InlineData("(initlab bench fill --help lists its options)", new[] { "bench", "fill", "--bogus" })]
    public void ParseErrors_AreOneLine_AndSayWhatToDo(string fragment, string[] args) =>
        CliRunner.AssertUsageError(CliRunner.Run(args), fragment);

    [Fact]
    public void Init_TakesTheSchemeAsText_AsFlags_OrAsInitOption_WithTheSameBits()
    {
        string[] paths = [directory.File("a.npy"), directory.File("b.npy"), directory.File("c.npy")];
        Assert.Equal(0, CliRunner.Run("init", "he-normal:mode=fan-out,nonlinearity=tanh", "--shape", "30,20", "--out", paths[0]).ExitCode);
        Assert.Equal(0, CliRunner.Run("init", "he-normal", "--mode", "fan-out", "--nonlinearity", "tanh", "--shape", "30,20", "--out", paths[1]).ExitCode);
        Assert.Equal(0, CliRunner.Run("init", "--init", "he-normal:mode=fan-out", "--nonlinearity", "tanh", "--shape", "30,20", "--out", paths[2]).ExitCode);
        Assert.Equal(File.ReadAllBytes(paths[0]), File.ReadAllBytes(paths[1]));
        Assert.Equal(File.ReadAllBytes(paths[0]), File.ReadAllBytes(paths[2]));
        Assert.Equal(0, CliRunner.Run("init", "he-normal", "--shape", "30,20", "--out", paths[1]).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(paths[0]), File.ReadAllBytes(paths[1]));
    }

    [Fact]
    public void Init_FlavorInTheText_ActsLikeFlavorOption()
    {
        string[] paths = [directory.File("k1.npy"), directory.File("k2.npy")];
        Assert.Equal(0, CliRunner.Run("init", "glorot-normal:flavor=keras", "--shape", "30,20", "--out", paths[0]).ExitCode);
        Assert.Equal(0, CliRunner.Run("init", "glorot-normal", "--flavor", "keras", "--shape", "30,20", "--out", paths[1]).ExitCode);
        Assert.Equal(File.ReadAllBytes(paths[0]), File.ReadAllBytes(paths[1]));
    }

    [Theory]
    [InlineData("already sets std; give it once", "init", "normal:std=2", "--std", "3", "--shape", "3", "--stats")]
    [InlineData("std is given twice", "init", "normal:std=2,std=3", "--shape", "3", "--stats")]
    [InlineData("give the scheme once", "init", "normal", "--init", "normal", "--shape", "3", "--stats")]
    [InlineData("init needs a scheme", "init", "--shape", "3", "--stats")]
    [InlineData("says flavor=keras but --flavor = jax", "init", "glorot-uniform:flavor=keras", "--flavor", "jax", "--shape", "3,3", "--stats")]
    [InlineData("std does not apply to he-normal", "init", "he-normal:std=2", "--shape", "3,3", "--stats")]
    [InlineData("already sets std", "probe", "--init", "normal:std=0.1", "--std", "0.2", "--width", "16", "--depth", "2")]
    [InlineData("already sets gain", "train", "--data", "embedded", "--model", "mlp:784-32-10", "--init", "orthogonal:gain=2", "--gain", "1")]
    public void ConflictingOrUnknownSchemeParameters_AreOneLineErrors(string fragment, params string[] args) =>
        CliRunner.AssertUsageError(CliRunner.Run(args), fragment);

    [Fact]
    public void Train_SchemeFlags_AreTheSchemeText()
    {
        string[] dirs = [directory.File("flags"), directory.File("text")];
        Assert.Equal(0, CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--init", "normal", "--std", "0.05", "--out", dirs[0]]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--init", "normal:std=0.05", "--out", dirs[1]]).ExitCode);
        var configs = dirs.Select(d => TrainingConfig.FromJson(File.ReadAllText(Path.Combine(d, "config.json")), d)).ToArray();
        Assert.Equal("normal:std=0.05", configs[0].Init);
        Assert.Equal(File.ReadAllText(Path.Combine(dirs[0], "metrics.csv")).Split('\n')[1].Split(',')[..4],
            File.ReadAllText(Path.Combine(dirs[1], "metrics.csv")).Split('\n')[1].Split(',')[..4]);
    }

    [Fact]
    public void Resume_AcceptsTheOriginalCommandLineUnchanged()
    {
        string dir = directory.File("run");
        string[] original = [.. CliRunner.SmallTrain, "--epochs", "1", "--init", "normal", "--std", "0.05", "--act", "tanh", "--out", dir];
        Assert.Equal(0, CliRunner.Run(original).ExitCode);
        var resumed = CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "2", "--init", "normal", "--std", "0.05", "--act", "tanh", "--out", dir, "--resume", dir, "--json"]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("\"epoch\":2", resumed.Out);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
        // A subset of the original options agrees too.
        var again = CliRunner.Run("train", "--resume", dir, "--epochs", "3", "--act", "tanh", "--std", "0.05", "--threads", "1", "--json");
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains("\"epoch\":3", again.Out);
    }

    [Fact]
    public void Resume_NamesEveryOptionThatDisagrees_AndChangesNothing()
    {
        string dir = directory.File("run");
        Assert.Equal(0, CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "1", "--init", "normal:std=0.05", "--out", dir]).ExitCode);
        string config = File.ReadAllText(Path.Combine(dir, "config.json"));
        string metrics = File.ReadAllText(Path.Combine(dir, "metrics.csv"));
        var result = CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "2", "--init", "normal:std=0.05", "--seed", "4", "--act", "tanh", "--resume", dir]);
        CliRunner.AssertUsageError(result, "--seed gives seed = 4, the run has 0");
        Assert.Contains("--act gives activation = tanh, the run has relu", result.Err);
        Assert.DoesNotContain("--lr", result.Err);
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir, "--std", "0.1"), "--std gives init = normal:std=0.1, the run has normal:std=0.05");
        CliRunner.AssertUsageError(CliRunner.Run("train", "--resume", dir, "--lsuv-tol", "0.2"), "--lsuv-tol");
        Assert.Equal(config, File.ReadAllText(Path.Combine(dir, "config.json")));
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(dir, "metrics.csv")));
    }
}
