using System.Text.Json;
using System.Text.Json.Serialization;
using InitLab.Activations;
using InitLab.Models;
using InitLab.Models.Spec;

namespace InitLab.Training;

/// <summary>Which optimizer a run uses.</summary>
public enum OptimizerKind
{
    /// <summary><see cref="Optim.Sgd"/>, with <see cref="TrainingConfig.Momentum"/>.</summary>
    Sgd,

    /// <summary><see cref="Optim.Adam"/> with L2 weight decay.</summary>
    Adam,

    /// <summary><see cref="Optim.Adam"/> with decoupled weight decay (AdamW).</summary>
    AdamW,

    /// <summary><see cref="Optim.RmsProp"/> (plain, centered or with momentum).</summary>
    RmsProp,

    /// <summary><see cref="Optim.Adagrad"/>.</summary>
    Adagrad,

    /// <summary><see cref="Optim.RAdam"/>.</summary>
    RAdam,

    /// <summary><see cref="Optim.NAdam"/>.</summary>
    NAdam,

    /// <summary><see cref="Optim.Lamb"/>.</summary>
    Lamb,

    /// <summary>Ranger: <see cref="Optim.RAdam"/> inside <see cref="Optim.Lookahead"/>.</summary>
    Ranger,
}

/// <summary>Everything that determines a training run's numbers: the same config gives the same bits on any thread count.</summary>
/// <remarks>Saved as <c>config.json</c> in the run directory; <c>--resume</c> reads it back. <see cref="Validate"/> checks every field.</remarks>
public sealed record TrainingConfig
{
    /// <summary><c>fashion-mnist</c>, <c>embedded</c>, or a directory (<see cref="Data.DataSource"/>).</summary>
    public required string Data { get; init; }

    /// <summary>The classes kept, relabelled 0 … k − 1 in this order (<c>--classes</c>, <see cref="InitLab.Data.ClassSubset"/>), or null for all.</summary>
    public IReadOnlyList<int>? Classes { get; init; }

    /// <summary>Training images kept per class (<c>--per-class</c>, a pure function of seed and image index; <see cref="InitLab.Data.ClassSubset"/>), or null for all.</summary>
    public int? PerClass { get; init; }

    /// <summary>The model spec, e.g. <c>mlp:784-256-128-100-10</c> (docs/models.md).</summary>
    public required string Model { get; init; }

    /// <summary>The hidden activation, e.g. <c>relu</c> or <c>leaky_relu:0.2</c>.</summary>
    public string Activation { get; init; } = "relu";

    /// <summary>The weight scheme, e.g. <c>he-normal</c> or <c>he-normal:mode=fan-out</c>.</summary>
    public string Init { get; init; } = "he-normal";

    /// <summary>The bias scheme.</summary>
    public string BiasInit { get; init; } = "zeros";

    /// <summary>Overrides <c>PATTERN=SCHEME</c>, applied in order; the last matching one wins (<see cref="InitPlan"/>).</summary>
    public IReadOnlyList<string> InitOverrides { get; init; } = [];

    /// <summary>The settings of model-level initializers (LSUV, weight norm) and the parametrization (μP).</summary>
    public Init.Network.ModelInitOptions InitOptions { get; init; } = new();

    /// <summary>The normalization after each hidden convolution and linear layer.</summary>
    public Normalization Norm { get; init; } = Normalization.None;

    /// <summary>Dropout p after each hidden fully connected layer; 0 for none.</summary>
    public double Dropout { get; init; }

    /// <summary>DropConnect p on the weights of each hidden fully connected layer (<c>--dropconnect</c>, <see cref="Autograd.Ops.DropConnect"/>); 0 for none.</summary>
    public double DropConnect { get; init; }

    /// <summary>The label-smoothing ε of the cross-entropy loss (<c>--label-smoothing</c>, <see cref="Autograd.Ops.LabelSmoothedCrossEntropy"/>); 0 for none.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>The number of epochs.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Optimizer steps to train, or null for <see cref="Epochs"/> full epochs.</summary>
    /// <remarks>With a step budget the last of the <see cref="Epochs"/> epochs is cut short at step <c>Steps</c> (then evaluated like any
    /// epoch); <see cref="Trainer"/> checks that <c>Steps</c> falls in the last epoch. The schedule runs over <c>Steps</c>.</remarks>
    public long? Steps { get; init; }

    /// <summary>Images per training batch.</summary>
    public int Batch { get; init; } = 128;

    /// <summary>The arithmetic of the linear and convolution products (<c>--precision</c>): float32, or bfloat16 operands with float32 master weights (<see cref="Numerics.Precision"/>).</summary>
    public Numerics.Precision Precision { get; init; } = Numerics.Precision.Fp32;

    /// <summary>The optimizer and its options (<c>--opt NAME[:KEY=VALUE,...]</c>, <see cref="OptimizerSpec"/>); config.json holds its canonical text.</summary>
    public OptimizerSpec Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>The learning rate η.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>The learning-rate schedule, <c>NAME[:KEY=VALUE,...]</c> (<c>--lr-schedule</c>, <see cref="Optim.Schedules.ScheduleText"/>), e.g. <c>cosine</c> or <c>onecycle:warmup=100</c>.</summary>
    /// <remarks>Durations count optimizer steps unless the text says <c>unit=epoch</c>. Configs written before schedules took arguments hold <c>constant</c> or <c>cosine</c>, which parse to the same rates.</remarks>
    public string LrSchedule { get; init; } = "constant";

    /// <summary>The decay d of an exponential moving average of the weights, updated every step and evaluated each epoch (<c>--ema</c>, <see cref="ExponentialMovingAverage"/>), or null for none.</summary>
    public double? Ema { get; init; }

    /// <summary>Stochastic weight averaging, <c>START[:lr=X,anneal=A,strategy=cos|linear]</c> (<c>--swa</c>, <see cref="SwaSpec"/>), or null for none; config.json holds its canonical text.</summary>
    public string? Swa { get; init; }

    /// <summary>SGD momentum μ (0 for none).</summary>
    public double Momentum { get; init; }

    /// <summary>Weight decay λ: L2 for SGD and Adam, decoupled for AdamW.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The L1 penalty λ₁·Σ|w| added to the loss, over the weights of linear and convolution layers (<c>--l1</c>, <see cref="Autograd.Ops.WeightPenalty"/>); 0 for none.</summary>
    public double L1 { get; init; }

    /// <summary>The L2 penalty (λ₂/2)·Σw² added to the loss, over the weights of linear and convolution layers (<c>--l2</c>, <see cref="Autograd.Ops.WeightPenalty"/>); 0 for none.</summary>
    public double L2 { get; init; }

    /// <summary>Rescale the gradients when their global L2 norm exceeds this (<c>--clip-norm</c>, <see cref="GradientClipping"/>), or null for none.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Clamp every gradient element to [−c, c] (<c>--clip-value</c>, <see cref="GradientClipping"/>), or null for none.</summary>
    public double? ClipValue { get; init; }

    /// <summary>The run's seed: initialization streams, shuffles and dropout masks derive from it.</summary>
    public ulong Seed { get; init; }

    /// <summary>The fraction of the training set held out for validation (<c>--val</c>, <see cref="Data.ValidationSplit"/>), or 0 for none.</summary>
    public double Validation { get; init; }

    /// <summary>Stop after this many epochs without a lower validation loss (<c>--patience</c>, <see cref="EarlyStopping"/>), or null to run every epoch.</summary>
    public int? Patience { get; init; }

    /// <summary>Whether the run ends with the weights of the epoch of lowest validation loss (<c>--restore-best</c>).</summary>
    public bool RestoreBest { get; init; }

    /// <summary>Weights loaded after initialization (<c>--init-from</c>, <see cref="Pretrained.PretrainedInit"/>), or null.</summary>
    public Pretrained.PretrainedInit? InitFrom { get; init; }
    /// <summary>The training-image transforms (<c>--augment</c>, <see cref="Data.Augmentation"/>), e.g. <c>crop:pad=4,flip</c>, or null for none.</summary>
    public string? Augment { get; init; }

    /// <summary>A run directory whose model teaches this one by knowledge distillation (<c>--teacher</c>, <see cref="Training.Distillation"/>), or null.</summary>
    public string? Teacher { get; init; }

    /// <summary>The distillation temperature T (<c>--kd-temperature</c>; null: <see cref="Training.Distillation.DefaultTemperature"/>); needs <see cref="Teacher"/>.</summary>
    public double? KdTemperature { get; init; }

    /// <summary>The weight α of the soft term (<c>--kd-alpha</c>; null: <see cref="Training.Distillation.DefaultAlpha"/>); needs <see cref="Teacher"/>.</summary>
    public double? KdAlpha { get; init; }

    /// <summary>The difficulty score of curriculum learning (<c>--curriculum</c>: <c>teacher:RUN_DIR</c>, <c>file:PATH</c> or <c>random</c>; <see cref="Training.Curriculum"/>), or null for shuffled epochs.</summary>
    public string? Curriculum { get; init; }

    /// <summary>The curriculum's pacing function (<c>--pacing</c>, <see cref="Training.Pacing"/>; null: <c>linear</c>); needs <see cref="Curriculum"/>.</summary>
    public string? Pacing { get; init; }

    /// <summary>Train on a long-tailed subset whose largest and smallest classes differ by this ratio ρ ≥ 1 (<c>--imbalance</c>, <see cref="Data.Rebalancing.LongTail"/>), or null for the whole set.</summary>
    public double? Imbalance { get; init; }

    /// <summary>Class weights of the loss: <c>balanced</c> (w_c = n/(C·n_c), <c>--class-weights</c>), or null for none.</summary>
    public string? ClassWeights { get; init; }

    /// <summary>Whether to oversample the smaller classes up to the largest (<c>--oversample</c>, <see cref="Data.Rebalancing.Oversample"/>).</summary>
    public bool Oversample { get; init; }

    /// <summary>Add SMOTE images with this many neighbours until every class has as many as the largest (<c>--smote k</c>, <see cref="Data.Rebalancing.Smote"/>), or null.</summary>
    public int? Smote { get; init; }

    /// <summary>The parsed <see cref="Swa"/>, or null without stochastic weight averaging.</summary>
    /// <exception cref="ArgumentException">The text is not an SWA spec.</exception>
    public SwaSpec? ParseSwa() => Swa is null ? null : SwaSpec.Parse(Swa);

    /// <summary>The parsed <see cref="LrSchedule"/>.</summary>
    /// <exception cref="ArgumentException">The text is not a schedule.</exception>
    public Optim.Schedules.ScheduleText ParseSchedule() => Optim.Schedules.ScheduleText.Parse(LrSchedule, "--lr-schedule");

    /// <summary>The data this run trains and tests on: <paramref name="data"/> restricted by <see cref="Classes"/> and <see cref="PerClass"/>.</summary>
    /// <exception cref="ArgumentException">A class is not in the data, or has fewer than <see cref="PerClass"/> training images.</exception>
    public InitLab.Data.DataSplits Select(InitLab.Data.DataSplits data) => InitLab.Data.ClassSubset.Apply(data, Classes, PerClass, Seed);

    /// <summary>Throws unless <paramref name="teacher"/> (a <c>--teacher</c> or <c>--curriculum teacher:</c> run) keeps the same classes, in the same order, so its outputs mean this run's labels.</summary>
    /// <exception cref="ArgumentException">The class lists differ.</exception>
    internal void RequireSameClasses(TrainingConfig teacher, string option, string directory)
    {
        static string Text(IReadOnlyList<int>? classes) => classes is null ? "all classes" : "--classes " + string.Join(",", classes);
        if (!(teacher.Classes ?? []).SequenceEqual(Classes ?? []))
            throw new ArgumentException($"{option} '{directory}' was trained on {Text(teacher.Classes)}, the student on {Text(Classes)}; its outputs must mean the same labels.");
    }

    /// <summary>The parsed model spec.</summary>
    /// <exception cref="ModelSpecSyntaxException">The spec is malformed.</exception>
    public ModelSpec ParseModel() => ModelSpec.Parse(Model);

    /// <summary>The model options (activation, normalization, dropout, DropConnect).</summary>
    /// <exception cref="ArgumentException">The activation is unknown.</exception>
    public ModelOptions ModelOptions() => new(InitLab.Activations.Activation.Parse(Activation, "--act"), Norm, Dropout, DropConnect: DropConnect);

    /// <summary>The optimizer over <paramref name="parameters"/> (<see cref="OptimizerSpec.Create"/>) at <see cref="LearningRate"/> with <see cref="WeightDecay"/>; SGD's momentum from the spec or <see cref="Momentum"/>.</summary>
    internal Optim.Optimizer CreateOptimizer(IEnumerable<Nn.Parameter> parameters) => Optimizer.Create(parameters, LearningRate, Momentum, WeightDecay);

    /// <summary>Checks every field; messages name the CLI option.</summary>
    /// <exception cref="ArgumentException">A field is out of range or does not parse.</exception>
    public TrainingConfig Validate()
    {
        ParseModel();
        ModelOptions();
        if (!Enum.IsDefined(Norm))
            throw new ArgumentException($"--norm = {Norm} is not allowed; use none, batch or layer.");
        ArgumentNullException.ThrowIfNull(LrSchedule, "lr_schedule");
        ParseSchedule();
        if (ParseSwa() is { } swa && swa.Start > Epochs)
            throw new ArgumentException($"--swa = '{Swa}': averaging would start after epoch {swa.Start}, but the run has {Epochs} (--epochs); start at an epoch ≤ {Epochs}.");
        if (Ema is double decay && !(decay > 0 && decay < 1))
            throw new ArgumentException($"--ema = {decay} is not allowed; the decay must be in (0, 1), e.g. 0.999.");
        ArgumentNullException.ThrowIfNull(Optimizer, "optimizer");
        Optimizer.Check();
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentException($"--dropout = {Dropout} is not allowed; it must be in [0, 1).");
        if (Epochs < 1)
            throw new ArgumentException($"--epochs = {Epochs} is not allowed; it must be ≥ 1.");
        if (Steps is < 1)
            throw new ArgumentException($"--steps = {Steps} is not allowed; it must be ≥ 1.");
        if (Batch < 1)
            throw new ArgumentException($"--batch = {Batch} is not allowed; it must be ≥ 1.");
        if (!Enum.IsDefined(Precision))
            throw new ArgumentException($"--precision = {Precision} is not allowed; use fp32 or bf16.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentException($"--lr = {LearningRate} is not allowed; it must be finite and > 0.");
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentException($"--momentum = {Momentum} is not allowed; it must be in [0, 1).");
        if (Momentum > 0 && Optimizer.Kind != OptimizerKind.Sgd)
            throw new ArgumentException($"--momentum = {Momentum} applies to --opt sgd only; give {Optimizer.Kind.ToString().ToLowerInvariant()}'s own keys in --opt (e.g. rmsprop:momentum=0.9, adam:beta1=0.8).");
        if (Momentum > 0 && Optimizer.Momentum is not null)
            throw new ArgumentException($"--momentum = {Momentum} and --opt {Optimizer} both set the momentum; give it once.");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
            throw new ArgumentException($"--weight-decay = {WeightDecay} is not allowed; it must be finite and ≥ 0.");
        if (Classes is not null)
            InitLab.Data.ClassSubset.Check(Classes);
        if (PerClass is < 1)
            throw new ArgumentException($"--per-class = {PerClass} is not allowed; it must be ≥ 1.");
        if ((Classes is not null || PerClass is not null) && Curriculum is not null && Curriculum.StartsWith("file:", StringComparison.Ordinal))
            throw new ArgumentException("--curriculum file: scores the images of the training file; it cannot be combined with --classes or --per-class, which change the set (use teacher: or random).");
        ValidateRegularization();
        ValidateEarlyStopping();
        ValidateDistillation();
        ValidateRebalancing();
        if (Curriculum is not null)
            Training.Curriculum.CheckSyntax(Curriculum);
        if (Pacing is not null && Curriculum is null)
            throw new ArgumentException($"--pacing = '{Pacing}' needs a curriculum; add --curriculum teacher:RUN_DIR, file:PATH or random.");
        if (Pacing is not null)
            Training.Pacing.Parse(Pacing);
        if (Augment is not null)
            InitLab.Data.Augmentation.Parse(Augment);
        InitFrom?.Validate();
        ArgumentNullException.ThrowIfNull(InitOptions, "init_options");
        InitPlan.Parse(PerTensor(new Init.Network.ModelInit(Init, InitOptions)));
        return this;
    }

    void ValidateRegularization()
    {
        if (!(DropConnect >= 0 && DropConnect < 1))
            throw new ArgumentException($"--dropconnect = {DropConnect} is not allowed; it must be in [0, 1).");
        if (DropConnect > 0 && Init.StartsWith("weight-norm", StringComparison.Ordinal))
            throw new ArgumentException($"--dropconnect = {DropConnect} masks a Linear layer's weight, but --init weight-norm computes the weight as g·v/‖v‖; choose one.");
        if (!(LabelSmoothing >= 0 && LabelSmoothing <= 1))
            throw new ArgumentException($"--label-smoothing = {LabelSmoothing} is not allowed; it must be in [0, 1].");
        if (LabelSmoothing > 0 && Teacher is not null)
            throw new ArgumentException($"--label-smoothing = {LabelSmoothing} smooths the cross-entropy targets; it cannot be combined with --teacher's distillation loss.");
        if (LabelSmoothing > 0 && ClassWeights is not null)
            throw new ArgumentException($"--label-smoothing = {LabelSmoothing} cannot be combined with --class-weights {ClassWeights}; the weighted smoothed loss is not supported.");
        if (!(L1 >= 0) || !double.IsFinite(L1))
            throw new ArgumentException($"--l1 = {L1} is not allowed; it must be finite and ≥ 0.");
        if (!(L2 >= 0) || !double.IsFinite(L2))
            throw new ArgumentException($"--l2 = {L2} is not allowed; it must be finite and ≥ 0.");
        if (ClipNorm is double norm && (!(norm > 0) || !double.IsFinite(norm)))
            throw new ArgumentException($"--clip-norm = {norm} is not allowed; it must be finite and > 0.");
        if (ClipValue is double value && (!(value > 0) || !double.IsFinite(value)))
            throw new ArgumentException($"--clip-value = {value} is not allowed; it must be finite and > 0.");
        if (ClipNorm is not null && ClipValue is not null)
            throw new ArgumentException($"--clip-norm = {ClipNorm} and --clip-value = {ClipValue} both clip the gradient; choose one.");
    }

    void ValidateDistillation()
    {
        if (Teacher is null && KdTemperature is not null)
            throw new ArgumentException($"--kd-temperature = {KdTemperature} needs a teacher; add --teacher RUN_DIR.");
        if (Teacher is null && KdAlpha is not null)
            throw new ArgumentException($"--kd-alpha = {KdAlpha} needs a teacher; add --teacher RUN_DIR.");
        if (Teacher is "")
            throw new ArgumentException("--teacher is empty; give a run directory written by 'initlab train --out'.");
        if (KdTemperature is double t && (!(t > 0) || !double.IsFinite(t)))
            throw new ArgumentException($"--kd-temperature = {t} is not allowed; it must be finite and > 0.");
        if (KdAlpha is double a && !(a >= 0 && a <= 1))
            throw new ArgumentException($"--kd-alpha = {a} is not allowed; it must be in [0, 1].");
    }

    void ValidateRebalancing()
    {
        if (Imbalance is double ratio && (!(ratio >= 1) || !double.IsFinite(ratio)))
            throw new ArgumentException($"--imbalance = {ratio} is not allowed; it must be finite and ≥ 1 (the ratio of the largest to the smallest class).");
        if (ClassWeights is not (null or "balanced"))
            throw new ArgumentException($"--class-weights = '{ClassWeights}' is not allowed; use balanced.");
        if (Smote is < 1)
            throw new ArgumentException($"--smote = {Smote} is not allowed; the number of neighbours must be ≥ 1.");
        if (Oversample && Smote is not null)
            throw new ArgumentException("--oversample and --smote both fill the smaller classes; choose one.");
        if (ClassWeights is not null && (Oversample || Smote is not null))
            throw new ArgumentException($"--class-weights {ClassWeights} with {(Oversample ? "--oversample" : "--smote")} corrects the imbalance twice; choose one.");
        if (ClassWeights is not null && Teacher is not null)
            throw new ArgumentException("--class-weights applies to the cross-entropy loss; it cannot be combined with --teacher's distillation loss.");
        if (Curriculum is not null && Curriculum.StartsWith("file:", StringComparison.Ordinal) && (Imbalance is not null || Oversample || Smote is not null))
            throw new ArgumentException("--curriculum file: scores the images of the training file; it cannot be combined with --imbalance, --oversample or --smote, which change the set (use teacher: or random).");
    }

    void ValidateEarlyStopping()
    {
        if (!(Validation >= 0 && Validation < 1))
            throw new ArgumentException($"--val = {Validation} is not allowed; it must be in (0, 1) (0 for no validation split).");
        if (Patience is < 1)
            throw new ArgumentException($"--patience = {Patience} is not allowed; it must be ≥ 1.");
        if (Patience is not null && Validation == 0)
            throw new ArgumentException($"--patience = {Patience} needs a validation split to watch; add --val FRACTION (e.g. --val 0.1).");
        if (RestoreBest && Validation == 0)
            throw new ArgumentException("--restore-best needs a validation split to pick the best epoch; add --val FRACTION (e.g. --val 0.1).");
    }

    /// <summary>This config with <see cref="Init"/> replaced by the per-tensor weight scheme of <paramref name="modelInit"/>'s initializer (lsuv → orthogonal, …), for <see cref="InitPlan"/>.</summary>
    public TrainingConfig PerTensor(Init.Network.ModelInit modelInit) =>
        modelInit.Initializer is { } initializer ? this with { Init = initializer.BaseScheme } : this;

    /// <summary>The JSON form (snake_case keys).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads the JSON form.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid config.</exception>
    public static TrainingConfig FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingConfig>(json, Options) ?? throw new InvalidDataException($"{source}: the config is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid training config ({e.Message}).");
        }
    }

    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(new LowerCase()) },
    };

    /// <summary>Enum values as the CLI spells them: <c>none</c>, <c>batch</c>, <c>sgd</c>, <c>adamw</c>.</summary>
    sealed class LowerCase : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
