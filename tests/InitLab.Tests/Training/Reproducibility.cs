using InitLab.Data;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Training;

/// <summary>The reproducibility contract every training option must keep: the same bits on any thread count and after resume.</summary>
internal static class Reproducibility
{
    /// <summary>The parameters' bytes.</summary>
    public static byte[] Weights(Trainer t) => [.. t.Model.Parameters.SelectMany(p => p.Value.ToArray()).SelectMany(BitConverter.GetBytes)];

    /// <summary>
    /// Trains <paramref name="config"/> (two epochs or more) on one and on two threads, and once more stopped after the first
    /// epoch, checkpointed and resumed on the other thread count; all three end with the same weights and losses, which differ
    /// from those of <paramref name="without"/> (the same run without the option under test).
    /// </summary>
    public static void AssertBitIdenticalAcrossThreadsAndResume(TrainingConfig config, TrainingConfig without, DataSplits data)
    {
        var one = new Trainer(config, data, threads: 1);
        var two = new Trainer(config, data, threads: 2);
        var plain = new Trainer(without, data, threads: 1);
        foreach (var t in new[] { one, two, plain })
            while (!t.Finished)
                t.RunEpoch();
        Assert.Equal(Weights(one), Weights(two));
        Assert.NotEqual(Weights(one), Weights(plain));
        Assert.NotEqual(one.StepLosses, plain.StepLosses);

        using var dir = new TempDirectory();
        var first = new Trainer(config, data, threads: 2);
        var run = RunDirectory.Create(dir.Path, config);
        first.RunEpoch();
        run.Save(first);
        var (reopened, saved) = RunDirectory.Open(dir.Path);
        Assert.Equal(config.ToJson(), saved.ToJson());
        var resumed = new Trainer(saved, data, threads: 1);
        Assert.Equal(1, reopened.Restore(resumed));
        while (!resumed.Finished)
            resumed.RunEpoch();
        Assert.Equal(Weights(one), Weights(resumed));
        Assert.Equal(one.StepLosses, resumed.StepLosses);
    }
}
