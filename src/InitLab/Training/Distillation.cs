using InitLab.Autograd;
using InitLab.Data;
using InitLab.Models;
using InitLab.Tensors;

namespace InitLab.Training;

/// <summary>A trained run used as the teacher of knowledge distillation (<c>--teacher RUN_DIR</c>), with its temperature and weight.</summary>
/// <remarks>
/// The teacher is the run directory's last checkpoint (its best epoch's weights with <c>--restore-best</c>), evaluated in
/// evaluation mode (running statistics, no dropout) on the same, already augmented, batch as the student; the student's loss
/// becomes <see cref="Ops.DistillationLoss"/> (Hinton, Vinyals &amp; Dean 2015). The teacher is fixed, so a resumed student
/// repeats its steps bit for bit as long as the teacher's directory is left as it was.
/// </remarks>
public sealed class Distillation
{
    /// <summary>The temperature used when <c>--kd-temperature</c> is not given (a common choice; Hinton et al. report 2 … 20).</summary>
    public const double DefaultTemperature = 4;

    /// <summary>The soft-target weight α used when <c>--kd-alpha</c> is not given.</summary>
    public const double DefaultAlpha = 0.9;

    readonly Tape _tape;

    Distillation(Model teacher, int epoch, double temperature, double alpha, int threads)
    {
        Teacher = teacher;
        TeacherEpoch = epoch;
        Temperature = temperature;
        Alpha = alpha;
        _tape = new Tape(threads, training: false);
    }

    /// <summary>The teacher model.</summary>
    public Model Teacher { get; }

    /// <summary>The epoch of the teacher's checkpoint.</summary>
    public int TeacherEpoch { get; }

    /// <summary>T.</summary>
    public double Temperature { get; }

    /// <summary>α, the weight of the soft term.</summary>
    public double Alpha { get; }

    /// <summary>Loads the teacher of <paramref name="student"/> (its <see cref="TrainingConfig.Teacher"/>).</summary>
    /// <exception cref="ArgumentException">The teacher was trained on other data or for another number of classes.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">It has no config.json.</exception>
    /// <exception cref="InvalidDataException">It has no checkpoint, or the checkpoint does not fit its config.</exception>
    /// <param name="student">The student's config.</param>
    /// <param name="data">All the data, before any class subset (the teacher selects its own).</param>
    /// <param name="threads">Kernel threads.</param>
    internal static Distillation Load(TrainingConfig student, DataSplits data, int threads)
    {
        string directory = student.Teacher ?? throw new ArgumentException("the config names no --teacher.");
        var (run, config) = RunDirectory.Open(directory, "--teacher");
        if (config.Data != student.Data)
            throw new ArgumentException($"--teacher '{directory}' was trained on --data {config.Data}, the student on --data {student.Data}; distill on the teacher's data.");
        student.RequireSameClasses(config, "--teacher", directory);
        var trainer = new Trainer(config, data, threads);
        int epoch = run.Restore(trainer);
        if (epoch == 0)
            throw new InvalidDataException($"--teacher '{directory}' has no checkpoint yet; train it for at least one epoch.");
        if (config.RestoreBest)
            trainer.UseBestWeights();
        return new Distillation(trainer.Model, epoch, student.KdTemperature ?? DefaultTemperature, student.KdAlpha ?? DefaultAlpha, threads);
    }

    /// <summary>The distillation loss of the student's <paramref name="logits"/> on batch <paramref name="x"/>.</summary>
    internal Variable Loss(Tape tape, Variable x, Variable logits, ReadOnlySpan<int> targets)
    {
        _tape.Reset();
        // The same images in the teacher's input layout (an MLP reads [B, 784], a CNN [B, 1, 28, 28]).
        var input = new Variable(x.Value.Reshape([x.Value.Dim(0), .. Teacher.InputShape]), requiresGrad: false);
        Tensor teacher = Teacher.Forward(_tape, input).Value;
        return Ops.DistillationLoss(tape, "loss", logits, teacher, targets, Temperature, Alpha);
    }
}
