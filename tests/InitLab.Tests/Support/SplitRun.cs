using InitLab.Training;

namespace InitLab.Tests.Support;

/// <summary>A two-epoch run trained straight through, and the same run stopped after epoch 1, checkpointed, restored into a new trainer and finished.</summary>
internal static class SplitRun
{
    /// <summary>The two trainers after their last epoch on the embedded data, one thread.</summary>
    public static (Trainer Whole, Trainer Resumed) Train(TrainingConfig config)
    {
        var data = InitLab.Data.DataSource.Load(config.Data);
        var whole = new Trainer(config, data, threads: 1);
        while (!whole.Finished)
            whole.RunEpoch();
        using var dir = new TempDirectory();
        var first = new Trainer(config, data, threads: 1);
        first.RunEpoch();
        Checkpoint.Save(first, dir.File("ckpt.safetensors"));
        var resumed = new Trainer(config, data, threads: 1);
        Checkpoint.Restore(resumed, dir.File("ckpt.safetensors"));
        while (!resumed.Finished)
            resumed.RunEpoch();
        return (whole, resumed);
    }
}
