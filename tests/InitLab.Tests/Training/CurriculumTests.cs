using InitLab.Data;
using InitLab.Random;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class CurriculumTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    [Theory]
    [InlineData("linear", 0, 1000, 0.2)]
    [InlineData("linear", 400, 1000, 0.6)]    // 0.2 + 0.8·400/800
    [InlineData("linear", 800, 1000, 1.0)]
    [InlineData("linear:start=0.5,end=1", 500, 1000, 0.75)]
    [InlineData("root", 0, 1000, 0.2)]
    [InlineData("root", 400, 1000, 0.7211102550927979)] // √(0.04 + 0.96·0.5)
    [InlineData("root:start=0.1,end=0.5", 1000, 1000, 1.0)]
    [InlineData("step:start=0.1,inc=2,length=100", 99, 1000, 0.1)]
    [InlineData("step:start=0.1,inc=2,length=100", 100, 1000, 0.2)]
    [InlineData("step:start=0.1,inc=2,length=100", 350, 1000, 0.8)]
    [InlineData("step:start=0.1,inc=2,length=100", 400, 1000, 1.0)]
    [InlineData("step", 250, 1000, 0.8)]      // L = S/10 = 100, 0.2·2²
    public void Pacing_FollowsItsFormula(string text, long step, long total, double expected)
    {
        Assert.Equal(expected, Pacing.Parse(text).Fraction(step, total), 12);
    }

    [Theory]
    [InlineData("cubic", "unknown pacing 'cubic'; use linear, root, step")]
    [InlineData("linear:start=0", "start = 0 is not allowed; it must be in (0, 1]")]
    [InlineData("root:end=2", "end = 2 is not allowed")]
    [InlineData("step:inc=1", "inc = 1 is not allowed; it must be > 1")]
    [InlineData("step:length=2.5", "length = 2.5 is not allowed")]
    [InlineData("linear:inc=2", "'inc=2' is not KEY=VALUE with a key of linear (start, end)")]
    [InlineData("linear:start=x", "start = 'x' is not a number")]
    public void Pacing_RejectsBadText(string text, string fragment)
    {
        var e = Assert.Throws<ArgumentException>(() => Pacing.Parse(text));
        Assert.StartsWith($"--pacing = '{text}'", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    static TrainingConfig Config(string curriculum, string? pacing = null) => new()
    {
        Data = DataSource.Embedded,
        Model = "mlp:784-16-10",
        Epochs = 2,
        Batch = 100,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = 4,
        Curriculum = curriculum,
        Pacing = pacing,
    };

    static string ScoreFile(TempDirectory dir, Func<int, double> score)
    {
        string path = dir.File("scores.txt");
        File.WriteAllLines(path, Enumerable.Range(0, Embedded.Value.Train.Count).Select(i => score(i).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return path;
    }

    [Fact]
    public void FileScores_RankEasiestFirst_AndEveryBatchComesFromThePool()
    {
        using var dir = new TempDirectory();
        // Score = −index: the last image is the easiest.
        var trainer = new Trainer(Config("file:" + ScoreFile(dir, i => -i), "step:start=0.1,inc=2,length=20"), Embedded.Value, threads: 1);
        var curriculum = trainer.Curriculum!;
        Assert.Equal(Enumerable.Range(0, 5000).Reverse(), curriculum.Ranked);
        var batch = new int[100];
        long total = trainer.TotalSteps;
        Assert.Equal(100, total);
        foreach (long step in new long[] { 0, 19, 20, 45, 99 })
        {
            int pool = curriculum.PoolSize(step, total);
            Assert.Equal((int)Math.Ceiling(Math.Min(1, 0.1 * Math.Pow(2, step / 20)) * 5000), pool);
            curriculum.Batch(step, total, batch);
            Assert.All(batch, i => Assert.True(i >= 5000 - pool, $"image {i} is outside the pool of the {pool} easiest at step {step}"));
        }
        // The batch is word 0 of the Philox block (k, t, H) of the stream "curriculum", scaled to the pool.
        var stream = new RandomStream(4, "curriculum");
        var (w, _, _, _) = Philox4x32.Block((7u, 45u, (uint)stream.NameHash, (uint)(stream.NameHash >> 32)), 4u, 0u);
        curriculum.Batch(45, total, batch);
        Assert.Equal(4999 - (int)((ulong)w * (ulong)curriculum.PoolSize(45, total) >> 32), batch[7]);
    }

    [Fact]
    public void TeacherScores_AreTheTeachersLosses_SoItsRankingPutsConfidentImagesFirst()
    {
        using var dir = new TempDirectory();
        var teacherConfig = Config("random") with { Curriculum = null, Epochs = 1, Model = "mlp:784-32-10" };
        var teacher = new Trainer(teacherConfig, Embedded.Value, threads: 1);
        var run = RunDirectory.Create(dir.Path, teacherConfig);
        teacher.RunEpoch();
        run.Save(teacher);
        var student = new Trainer(Config("teacher:" + dir.Path), Embedded.Value, threads: 1);
        var ranked = student.Curriculum!.Ranked;
        // The teacher's probability of the label falls along the ranking: compare the easiest and hardest tenths.
        var p = teacher.Model; // the same weights the student's curriculum loaded
        var probabilities = new float[10];
        double Confidence(IEnumerable<int> images)
        {
            var x = new InitLab.Tensors.Tensor(1, 784);
            var target = new int[1];
            double sum = 0;
            foreach (int i in images)
            {
                Embedded.Value.Train.Gather([i], x.Span, target);
                var z = p.Forward(new InitLab.Autograd.Tape(1, training: false), new InitLab.Autograd.Variable(x, false)).Value.Span;
                System.Numerics.Tensors.TensorPrimitives.SoftMax(z, probabilities);
                sum += probabilities[target[0]];
            }
            return sum / images.Count();
        }
        double easy = Confidence(ranked.Take(500)), hard = Confidence(ranked.TakeLast(500));
        Assert.True(easy > 0.95 && hard < 0.5, $"easiest tenth {easy}, hardest tenth {hard}");
    }

    [Fact]
    public void CurriculumTraining_IsBitIdentical_ForOneAndTwoThreads_AndAfterResume_AndDiffersFromShuffledEpochs()
    {
        var config = Config("random", "root:start=0.3");
        Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(config, config with { Curriculum = null, Pacing = null }, Embedded.Value);
    }

    [Fact]
    public void BadSources_AreRejected_NamingTheOption()
    {
        using var dir = new TempDirectory();
        Assert.StartsWith("--curriculum = 'hardness' is not allowed; use teacher:RUN_DIR, file:PATH or random", Assert.Throws<ArgumentException>(() => Config("hardness").Validate()).Message);
        Assert.StartsWith("--pacing = 'root' needs a curriculum", Assert.Throws<ArgumentException>(() => (Config("random", "root") with { Curriculum = null }).Validate()).Message);
        File.WriteAllLines(dir.File("short.txt"), ["1", "2"]);
        Assert.Contains("holds 2 scores; the training file has 5000 images", Assert.Throws<InvalidDataException>(() => new Trainer(Config("file:" + dir.File("short.txt")), Embedded.Value, 1)).Message);
        string bad = ScoreFile(dir, i => i == 17 ? double.NaN : i);
        Assert.Contains("score 18 'NaN' is not a finite number", Assert.Throws<InvalidDataException>(() => new Trainer(Config("file:" + bad), Embedded.Value, 1)).Message);
        Assert.Contains("no such file", Assert.Throws<FileNotFoundException>(() => new Trainer(Config("file:/no/scores.txt"), Embedded.Value, 1)).Message);
        Assert.StartsWith("--curriculum teacher: '/no/run': no such directory", Assert.Throws<DirectoryNotFoundException>(() => new Trainer(Config("teacher:/no/run"), Embedded.Value, 1)).Message);
    }
}
