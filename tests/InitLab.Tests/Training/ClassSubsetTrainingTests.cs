using InitLab.Data;
using InitLab.Training;

namespace InitLab.Tests.Training;

/// <summary>Training on <c>--classes</c> / <c>--per-class</c> keeps the reproducibility contract and trains on the chosen images.</summary>
public class ClassSubsetTrainingTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    static TrainingConfig Config(int? perClass) => new()
    {
        Data = DataSource.Embedded, Classes = [5, 6, 7, 8, 9], PerClass = perClass, Model = "mlp:784-16-5", Epochs = 2, Batch = 25, Seed = 2,
    };

    [Fact]
    public void PerClass_IsBitIdenticalAcrossThreadsAndResume() =>
        Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(Config(40), Config(null), Embedded.Value);

    [Fact]
    public void Trainer_TrainsOnTheChosenImages_AndTestsOnTheKeptClasses()
    {
        var trainer = new Trainer(Config(40), Embedded.Value, threads: 1);
        Assert.Equal(Enumerable.Repeat(40, 5), trainer.TrainingSet.ClassCounts());
        Assert.Equal(5, trainer.TestSet.Classes);
        Assert.Equal(500, trainer.TestSet.Count);
        var expected = ClassSubset.Apply(Embedded.Value, [5, 6, 7, 8, 9], 40, 2).Train;
        Assert.True(expected.Pixels.SequenceEqual(trainer.TrainingSet.Pixels));
    }
}
