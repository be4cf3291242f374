using InitLab.Autograd;
using InitLab.Data;
using InitLab.Tensors;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Training;

public class DistillationTests : IDisposable
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));
    readonly TempDirectory _teacherDir = new();

    public DistillationTests()
    {
        var config = Student("mlp:784-64-10") with { Epochs = 1, Seed = 1 };
        var teacher = new Trainer(config, Embedded.Value, threads: 1);
        var run = RunDirectory.Create(_teacherDir.Path, config);
        teacher.RunEpoch();
        run.Save(teacher);
    }

    public void Dispose() => _teacherDir.Dispose();

    static TrainingConfig Student(string model = "mlp:784-16-10") => new()
    {
        Data = DataSource.Embedded,
        Model = model,
        Epochs = 2,
        Batch = 100,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = 2,
    };

    TrainingConfig Distilled => Student() with { Teacher = _teacherDir.Path, KdTemperature = 3, KdAlpha = 0.8 };

    [Fact]
    public void FirstStepLoss_IsTheDistillationLossOfTheTeachersAndTheInitialStudentsLogits()
    {
        var trainer = new Trainer(Distilled with { Epochs = 1, Steps = 1 }, Embedded.Value, threads: 1);
        var fresh = new Trainer(Distilled, Embedded.Value, threads: 1);
        Assert.Equal(1, trainer.Distillation!.TeacherEpoch);
        trainer.RunEpoch();

        var train = Embedded.Value.Train;
        var order = Shuffle.Permutation(2, 0, train.Count);
        var x = new Tensor(100, 784);
        var targets = new int[100];
        train.Gather(order.AsSpan(0, 100), x.Span, targets);
        var input = new Variable(x, requiresGrad: false);
        var teacher = fresh.Distillation!.Teacher.Forward(new Tape(1, training: false), input).Value;
        var student = fresh.Model.Forward(new Tape(1), input);
        float expected = Ops.DistillationLoss(new Tape(1), "loss", student, teacher, targets, 3, 0.8).Value.Span[0];
        float crossEntropy = Ops.SoftmaxCrossEntropy(new Tape(1), "loss", student, targets).Value.Span[0];
        Assert.Equal(expected, trainer.StepLosses[0]);
        Assert.NotEqual(crossEntropy, trainer.StepLosses[0]);
    }

    [Fact]
    public void DistilledTraining_IsBitIdentical_ForOneAndTwoThreads_AndAfterResume()
    {
        Reproducibility.AssertBitIdenticalAcrossThreadsAndResume(Distilled, Student(), Embedded.Value);
    }

    [Fact]
    public void ConvolutionalTeacher_TeachesAnMlpStudent_OnTheSameImages()
    {
        using var dir = new TempDirectory();
        var config = Student("cnn:c4-p-f16-10") with { Epochs = 1, Steps = 5, Seed = 1 };
        var teacher = new Trainer(config, Embedded.Value, threads: 1);
        var run = RunDirectory.Create(dir.Path, config);
        teacher.RunEpoch();
        run.Save(teacher);
        var student = new Trainer(Student() with { Teacher = dir.Path, Epochs = 1, Steps = 3 }, Embedded.Value, threads: 1);
        student.RunEpoch();
        Assert.Equal(3, student.StepLosses.Count);
        Assert.All(student.StepLosses, l => Assert.True(float.IsFinite(l) && l > 0));
    }

    [Fact]
    public void BadTeachers_AndOptionsWithoutATeacher_AreRejected()
    {
        using var untrained = new TempDirectory();
        RunDirectory.Create(untrained.Path, Student());
        Assert.Contains("has no checkpoint yet", Assert.Throws<InvalidDataException>(() => new Trainer(Student() with { Teacher = untrained.Path }, Embedded.Value, 1)).Message);
        Assert.StartsWith("--teacher '/nowhere': no such directory", Assert.Throws<DirectoryNotFoundException>(() => new Trainer(Student() with { Teacher = "/nowhere" }, Embedded.Value, 1)).Message);
        var otherData = Student() with { Data = "/tmp", Teacher = _teacherDir.Path };
        Assert.Contains("was trained on --data embedded, the student on --data /tmp", Assert.Throws<ArgumentException>(() => new Trainer(otherData, Embedded.Value, 1)).Message);
        Assert.StartsWith("--kd-temperature = 2 needs a teacher", Assert.Throws<ArgumentException>(() => (Student() with { KdTemperature = 2 }).Validate()).Message);
        Assert.StartsWith("--kd-alpha = 2 is not allowed", Assert.Throws<ArgumentException>(() => (Distilled with { KdAlpha = 2 }).Validate()).Message);
        Assert.StartsWith("--kd-temperature = -1 is not allowed", Assert.Throws<ArgumentException>(() => (Distilled with { KdTemperature = -1 }).Validate()).Message);
    }
}
