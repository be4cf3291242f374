using System.Text.Json;
using InitLab.Training;

namespace InitLab.Pretrained;

/// <summary>How each layer of greedy layer-wise pretraining is trained (<c>--method</c>).</summary>
public enum PretrainMethod
{
    /// <summary>A plain autoencoder: reconstruct the input from its code (Bengio et al. 2007).</summary>
    Autoencoder,

    /// <summary>A denoising autoencoder: reconstruct the clean input from a masked one (Vincent et al. 2008, <see cref="MaskingNoise"/>).</summary>
    Denoising,
}

/// <summary>Everything that determines a greedy layer-wise pretraining (<c>initlab pretrain</c>); the same config gives the same bits on any thread count.</summary>
/// <remarks>Saved as <c>pretrain.json</c> in the output directory; a restart with the same config continues after the last finished layer.</remarks>
public sealed record PretrainConfig
{
    /// <summary>The default masking fraction ν of <c>--method denoising</c> (Vincent et al. 2008 report 0.1–0.4 on MNIST variants).</summary>
    public const double DefaultNoise = 0.25;

    /// <summary><c>fashion-mnist</c>, <c>embedded</c>, or a directory (<see cref="Data.DataSource"/>).</summary>
    public required string Data { get; init; }

    /// <summary>The classes kept (<c>--classes</c>, <see cref="Data.ClassSubset"/>), or null for all.</summary>
    public IReadOnlyList<int>? Classes { get; init; }

    /// <summary>Training images per class (<c>--per-class</c>), or null for all.</summary>
    public int? PerClass { get; init; }

    /// <summary>The model spec; only plain MLPs, e.g. <c>mlp:784-500-500-500-500-10</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The hidden activation f.</summary>
    public string Activation { get; init; } = "sigmoid";

    /// <summary>The weight scheme of the autoencoders' initial weights (encoders and untied decoders).</summary>
    public string Init { get; init; } = "glorot-uniform";

    /// <summary>The bias scheme.</summary>
    public string BiasInit { get; init; } = "zeros";

    /// <summary>Plain or denoising autoencoders.</summary>
    public PretrainMethod Method { get; init; } = PretrainMethod.Autoencoder;

    /// <summary>Whether each decoder uses its encoder's weight transposed (<c>--tied</c>).</summary>
    public bool Tied { get; init; }

    /// <summary>The masking fraction ν of <see cref="PretrainMethod.Denoising"/>, or null (<see cref="DefaultNoise"/> for denoising).</summary>
    public double? Noise { get; init; }

    /// <summary>Epochs over the training set per hidden layer.</summary>
    public int EpochsPerLayer { get; init; } = 5;

    /// <summary>Images per batch.</summary>
    public int Batch { get; init; } = 64;

    /// <summary>SGD or Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>The learning rate.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; }

    /// <summary>The seed of the initial weights (streams named by parameter), shuffles and noise.</summary>
    public ulong Seed { get; init; }

    /// <summary>The masking fraction used: <see cref="Noise"/>, or <see cref="DefaultNoise"/> for denoising, 0 for plain autoencoders.</summary>
    public double NoiseFraction => Method == PretrainMethod.Denoising ? Noise ?? DefaultNoise : 0;

    /// <summary>The training config with this config's shared fields: what builds and initializes the model.</summary>
    public TrainingConfig ToTraining() => new()
    {
        Data = Data, Classes = Classes, PerClass = PerClass, Model = Model, Activation = Activation, Init = Init, BiasInit = BiasInit,
        Batch = Batch, Optimizer = Optimizer, LearningRate = LearningRate, Momentum = Momentum, Seed = Seed,
    };

    /// <summary>Checks every field; messages name the CLI option.</summary>
    /// <exception cref="ArgumentException">A field is out of range, or the model is not a plain MLP.</exception>
    public PretrainConfig Validate()
    {
        var training = ToTraining().Validate();
        if (training.ParseModel() is not Models.Spec.MlpSpec { Family: Models.Spec.ModelFamily.Mlp } mlp)
            throw new ArgumentException($"--model = '{Model}' is not allowed; pretrain trains the hidden layers of a plain MLP (mlp:784-500-500-10).");
        if (mlp.Hidden.Count == 0)
            throw new ArgumentException($"--model = '{Model}' has no hidden layer to pretrain; give e.g. mlp:784-500-500-10.");
        if (new Init.Network.ModelInit(Init, new()).Initializer is not null)
            throw new ArgumentException($"--init = '{Init}' is a model-level initializer; the autoencoders start from a per-tensor scheme (e.g. glorot-uniform, normal:std=0.01).");
        if (!Enum.IsDefined(Method))
            throw new ArgumentException($"--method = {Method} is not allowed; use autoencoder or denoising.");
        if (Optimizer is not (OptimizerKind.Sgd or OptimizerKind.Adam))
            throw new ArgumentException($"--opt = {Optimizer.ToString().ToLowerInvariant()} is not allowed; pretrain uses sgd or adam.");
        if (EpochsPerLayer < 1)
            throw new ArgumentException($"--epochs-per-layer = {EpochsPerLayer} is not allowed; it must be ≥ 1.");
        if (Noise is double noise && Method != PretrainMethod.Denoising)
            throw new ArgumentException($"--noise = {noise} applies to --method denoising; a plain autoencoder sees clean inputs.");
        if (Noise is double nu && !(nu > 0 && nu < 1))
            throw new ArgumentException($"--noise = {nu} is not allowed; the masked fraction must be in (0, 1).");
        return this;
    }

    /// <summary>The JSON form (snake_case keys, as <c>config.json</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TrainingConfig.Options);

    /// <summary>Reads the JSON form.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid config.</exception>
    public static PretrainConfig FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<PretrainConfig>(json, TrainingConfig.Options) ?? throw new InvalidDataException($"{source}: the config is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid pretraining config ({e.Message}).");
        }
    }
}
