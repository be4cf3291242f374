using InitLab.Data;
using InitLab.Fuzz;
using InitLab.IO;
using InitLab.Models.Spec;
using InitLab.Training;

namespace InitLab.Tests.Fuzz;

/// <summary>
/// The CI part of fuzzing: every seed input is valid, every input in the corpora and every crash the fuzzer found replays
/// through its target without an undocumented exception, and a deterministic mutation run over the seeds finds none either.
/// The long runs are AFL++ (fuzz/run.sh; docs/reliability.md).
/// </summary>
public class FuzzCorpusTests
{
    static string Folder(string kind, string target) => Path.Combine(AppContext.BaseDirectory, "fuzz", kind, target);

    static string[] Files(string kind, string target) => Directory.Exists(Folder(kind, target)) ? Directory.GetFiles(Folder(kind, target)) : [];

    public static TheoryData<string> Targets() => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void SeedCorpus_IsValidInput_ForTheRealParser(string target)
    {
        var seeds = Files("corpus", target);
        Assert.True(seeds.Length >= 3, $"fuzz/corpus/{target} has {seeds.Length} seeds");
        foreach (string path in seeds)
        {
            byte[] bytes = File.ReadAllBytes(path);
            string text = System.Text.Encoding.UTF8.GetString(bytes);
            switch (target)
            {
                case "npy": Npy.Read(bytes, path); break;
                case "safetensors": SafeTensors.Read(bytes, path); break;
                case "idx": IdxFile.Read(path); break;
                case "modelspec": Assert.Equal(text, ModelSpec.Parse(text).ToString()); break;
                default: SchemeText.Parse(text, "--init").Create(InitLab.Activations.Activation.Parse("relu"), "weight"); break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void CorpusAndFoundCrashes_Replay_WithoutAnUndocumentedException(string target)
    {
        // corpus: the seeds; queue: what AFL++ kept for new coverage in the recorded runs (docs/reliability.md); crashes: its finds, fixed.
        foreach (string path in Files("corpus", target).Concat(Files("queue", target)).Concat(Files("crashes", target)))
            FuzzTargets.Run(target, File.ReadAllBytes(path));
    }

    [Fact]
    public void FoundCrashes_AreNowRejectedAsBadInput()
    {
        var crashes = Files("crashes", "safetensors");
        Assert.NotEmpty(crashes);
        foreach (string path in crashes)
            Assert.Throws<InvalidDataException>(() => SafeTensors.Read(File.ReadAllBytes(path), path));
    }

    /// <summary>5000 mutants per target from a fixed seed: bit flips, byte overwrites with boundary values, insertions, deletions, truncation and splices of two seeds.</summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void DeterministicMutations_OfTheSeeds_FindNoCrash(string target)
    {
        var seeds = Files("corpus", target).Select(File.ReadAllBytes).ToArray();
        var random = new System.Random(20261207);
        byte[] interesting = [0, 1, 0x7F, 0x80, 0xFF, (byte)'-', (byte)',', (byte)':', (byte)'=', (byte)'{', (byte)'"', (byte)'9'];
        for (int i = 0; i < 5000; i++)
        {
            var input = new List<byte>(seeds[random.Next(seeds.Length)]);
            int edits = 1 + random.Next(4);
            for (int e = 0; e < edits; e++)
            {
                int at = input.Count == 0 ? 0 : random.Next(input.Count);
                switch (random.Next(6))
                {
                    case 0 when input.Count > 0: input[at] ^= (byte)(1 << random.Next(8)); break;
                    case 1 when input.Count > 0: input[at] = interesting[random.Next(interesting.Length)]; break;
                    case 2: input.Insert(at, interesting[random.Next(interesting.Length)]); break;
                    case 3 when input.Count > 0: input.RemoveAt(at); break;
                    case 4: input.RemoveRange(at, input.Count - at); break;
                    default:
                        var other = seeds[random.Next(seeds.Length)];
                        int from = other.Length == 0 ? 0 : random.Next(other.Length);
                        input.InsertRange(at, other[from..]);
                        break;
                }
            }
            byte[] mutant = [.. input];
            try
            {
                FuzzTargets.Run(target, mutant);
            }
            catch (Exception ex)
            {
                Assert.Fail($"mutant {i} of {target} ({Convert.ToBase64String(mutant)}): {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
}
