using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using InitLab.Autograd;
using InitLab.Data;
using InitLab.IO;
using InitLab.Models;
using InitLab.Nn;
using InitLab.Numerics;
using InitLab.Optim;
using InitLab.Tensors;
using InitLab.Training;

namespace InitLab.Pretrained;

/// <summary>The mean reconstruction loss of one epoch of one layer.</summary>
/// <param name="Layer">The hidden layer, 1-based.</param>
/// <param name="Name">The encoder's parameter prefix, e.g. <c>layers.2</c>.</param>
/// <param name="Epoch">The epoch of that layer, 1-based.</param>
/// <param name="Loss">The mean over the epoch's batches of L, weighted by batch size.</param>
public sealed record LayerLoss(int Layer, string Name, int Epoch, double Loss);

/// <summary>Where pretraining is, reported after every step.</summary>
/// <param name="Layer">The hidden layer, 1-based.</param>
/// <param name="Layers">Hidden layers in all.</param>
/// <param name="Epoch">The epoch of this layer, 1-based.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The running mean reconstruction loss of the epoch.</param>
/// <param name="SamplesPerSecond">Images per second so far in the epoch.</param>
public sealed record PretrainProgress(int Layer, int Layers, int Epoch, int Batch, int Batches, double Loss, double SamplesPerSecond);

/// <summary>What a pretraining wrote.</summary>
/// <param name="Losses">Every epoch's mean reconstruction loss, layer by layer.</param>
/// <param name="ResumedLayers">Layers finished by an earlier, interrupted invocation and not trained again.</param>
/// <param name="ModelFile">The weights file <c>--init-from</c> reads (<c>DIR/model.safetensors</c>).</param>
public sealed record PretrainResult(IReadOnlyList<LayerLoss> Losses, int ResumedLayers, string ModelFile);

/// <summary>Greedy layer-wise pretraining (Hinton &amp; Salakhutdinov 2006; Bengio et al. 2007): each hidden layer of an MLP is trained as an <see cref="Autoencoder"/> on the codes of the layers below, then the encoders are written for <c>--init-from</c>.</summary>
/// <remarks>
/// <para>
/// Layer l (0-based) sees the standardized training images (l = 0) or the clean codes of the trained layers below; epoch e
/// visits them in <see cref="Shuffle"/>'s order for (seed, l·E + e), E epochs per layer, and a denoising autoencoder masks
/// them with <see cref="MaskingNoise"/>. All initial weights (the model's and the decoders') come from the scheme, in streams
/// named by parameter, before the first layer trains. So the output is a pure function of the config: the same bits on any
/// thread count and after a restart.
/// </para>
/// <para>
/// Files in the output directory: <c>pretrain.json</c> (the config), <c>progress.safetensors</c> after each finished layer
/// (the encoders so far; removed at the end), then <c>model.safetensors</c> (every hidden layer's weight and bias under the
/// model's names, <c>layers.0.weight</c> …; the classifier is not written, so a fine-tuned run initializes it by its scheme)
/// and <c>losses.csv</c>. Every file is written atomically; an interrupted pretraining continues after its last finished
/// layer when started again with the same config, and <c>--init-from DIR</c> finds no weights until it has finished.
/// </para>
/// </remarks>
public static class LayerwisePretraining
{
    /// <summary>The config file of the output directory.</summary>
    public const string ConfigFile = "pretrain.json";

    /// <summary>The encoders of the finished layers of an unfinished pretraining.</summary>
    public const string ProgressFile = "progress.safetensors";

    /// <summary>The per-epoch reconstruction losses.</summary>
    public const string LossFile = "losses.csv";

    /// <summary>The <c>format</c> metadata of the files written.</summary>
    public const string Format = "initlab-pretrain-1";

    const int EncodeBatch = 250;

    /// <summary>Pretrains <paramref name="config"/>'s hidden layers on <paramref name="data"/> into <paramref name="directory"/>, continuing an interrupted run of the same config there.</summary>
    /// <param name="config">The pretraining; validated here.</param>
    /// <param name="data">The data, before <see cref="PretrainConfig.Classes"/> and <see cref="PretrainConfig.PerClass"/> select from it.</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="threads">Kernel threads (0 = every logical processor); the results do not depend on it.</param>
    /// <param name="progress">Called after every step.</param>
    /// <param name="epochDone">Called after every epoch of every layer.</param>
    /// <param name="cancel">Checked before every step.</param>
    /// <exception cref="ArgumentException">The config is invalid, does not fit the data, or the directory holds a pretraining of another config.</exception>
    /// <exception cref="TrainingDivergedException">A loss or gradient became NaN or ±∞.</exception>
    public static PretrainResult Run(PretrainConfig config, DataSplits data, string directory, int threads = 0,
        Action<PretrainProgress>? progress = null, Action<LayerLoss>? epochDone = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        config = config.Validate();
        var training = config.ToTraining();
        var train = training.Select(data).Train;
        var model = ModelBuilder.Build(training.ParseModel(), training.ModelOptions(), train.Channels, train.Height, train.Width);
        var autoencoders = Layers(model, config.Tied);
        InitPlan.Parse(training).Apply([.. model.Parameters, .. autoencoders.SelectMany(a => a.DecoderParameters)], config.Seed, threads);

        string modelFile = Path.Combine(directory, WeightFile.SingleFile);
        var (losses, done) = Open(config, directory, model);
        if (done == autoencoders.Count)
            return new PretrainResult(losses, done, modelFile);
        int resumed = done;

        var input = new float[(long)train.Count * train.ImageSize];
        train.Gather([.. Enumerable.Range(0, train.Count)], input, new int[train.Count]);
        var tape = new Tape(threads) { Seed = config.Seed };
        var evalTape = new Tape(threads, training: false);
        for (int l = 0; l < autoencoders.Count; l++)
        {
            var ae = autoencoders[l];
            if (l >= done)
            {
                foreach (var loss in TrainLayer(config, ae, l, autoencoders.Count, input, train.Count, tape, progress, cancel))
                {
                    losses.Add(loss);
                    epochDone?.Invoke(loss);
                }
                done = l + 1;
                if (done < autoencoders.Count)
                    Write(Path.Combine(directory, ProgressFile), autoencoders.Take(done), losses, done);
            }
            input = Encode(ae, input, train.Count, evalTape);
        }
        Write(modelFile, autoencoders, losses, done);
        var csv = new StringBuilder("layer,name,epoch,loss\n");
        foreach (var loss in losses)
            csv.Append(CultureInfo.InvariantCulture, $"{loss.Layer},{loss.Name},{loss.Epoch},{loss.Loss:R}\n");
        AtomicFile.WriteText(Path.Combine(directory, LossFile), csv.ToString());
        File.Delete(Path.Combine(directory, ProgressFile));
        return new PretrainResult(losses, resumed, modelFile);
    }

    /// <summary>The autoencoders of <paramref name="model"/>'s hidden Linear layers, bottom up: every Linear but the classifier, with the activation after it.</summary>
    static List<Autoencoder> Layers(Model model, bool tied)
    {
        var modules = model.Layers.Layers;
        var result = new List<Autoencoder>();
        for (int i = 0; i < modules.Count - 1; i++)
            if (modules[i] is Linear linear)
                result.Add(new Autoencoder(linear, modules[i + 1] is ActivationLayer act ? act.Function : Activations.Activation.Identity, tied));
        return result;
    }

    /// <summary>Creates the directory with its config, or opens an interrupted pretraining of the same config: its losses and finished layers.</summary>
    static (List<LayerLoss> Losses, int Done) Open(PretrainConfig config, string directory, Model model)
    {
        string configFile = Path.Combine(directory, ConfigFile);
        if (!File.Exists(configFile))
        {
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
                throw new ArgumentException($"--out '{directory}' exists and holds no {ConfigFile}; give a new or empty directory.");
            Directory.CreateDirectory(directory);
            AtomicFile.WriteText(configFile, config.ToJson() + "\n");
            return ([], 0);
        }
        var stored = PretrainConfig.FromJson(File.ReadAllText(configFile), configFile);
        if (stored.ToJson() != config.ToJson())
            throw new ArgumentException($"--out '{directory}' holds a pretraining of another config ({configFile}); give the same options to continue it, or another --out.");
        string finished = Path.Combine(directory, WeightFile.SingleFile), partial = Path.Combine(directory, ProgressFile);
        string? file = File.Exists(finished) ? finished : File.Exists(partial) ? partial : null;
        if (file is null)
            return ([], 0);
        var (metadata, tensors) = SafeTensors.Read(file);
        var byName = model.Parameters.ToDictionary(p => p.Name);
        foreach (var t in tensors)
        {
            if (!byName.TryGetValue(t.Name, out var p) || t.DType != DType.Float32 || !t.Shape.AsSpan().SequenceEqual(p.Value.Shape))
                throw new InvalidDataException($"'{file}': tensor '{t.Name}' is not a float32 parameter of '{config.Model}' of its shape; remove the file to pretrain again.");
            MemoryMarshal.Cast<byte, float>(t.Data).CopyTo(p.Value.Span);
        }
        var losses = JsonSerializer.Deserialize<List<LayerLoss>>(metadata.GetValueOrDefault("losses", "[]"), TrainingConfig.Options) ?? [];
        return (losses, int.Parse(metadata.GetValueOrDefault("layers_done", "0"), CultureInfo.InvariantCulture));
    }

    static IEnumerable<LayerLoss> TrainLayer(PretrainConfig config, Autoencoder ae, int layer, int layers, float[] input, int count, Tape tape,
        Action<PretrainProgress>? progress, CancellationToken cancel)
    {
        var parameters = ae.Parameters;
        Optimizer optimizer = config.Optimizer == OptimizerKind.Sgd
            ? new Sgd(parameters, config.LearningRate, config.Momentum)
            : new Adam(parameters, config.LearningRate);
        int width = ae.Encoder.Inputs, batches = (count + config.Batch - 1) / config.Batch;
        var buffers = new Dictionary<int, (Tensor Input, Tensor Target)>();
        for (int e = 0; e < config.EpochsPerLayer; e++)
        {
            var clock = Stopwatch.StartNew();
            var order = Shuffle.Permutation(config.Seed, layer * config.EpochsPerLayer + e, count);
            var noise = MaskingNoise.Stream(config.Seed, layer, e);
            double sum = 0;
            long seen = 0;
            for (int b = 0; b < batches; b++)
            {
                cancel.ThrowIfCancellationRequested();
                int size = Math.Min(config.Batch, count - b * config.Batch);
                if (!buffers.TryGetValue(size, out var buffer))
                    buffers[size] = buffer = (new Tensor([size, width]), new Tensor([size, width]));
                var (x, target) = buffer;
                for (int r = 0; r < size; r++)
                {
                    int image = order[b * config.Batch + r];
                    var row = input.AsSpan(image * width, width);
                    row.CopyTo(target.Span.Slice(r * width, width));
                    row.CopyTo(x.Span.Slice(r * width, width));
                    if (config.NoiseFraction > 0)
                        MaskingNoise.Apply(noise, config.NoiseFraction, image, x.Span.Slice(r * width, width));
                }
                tape.Reset();
                tape.Step = optimizer.StepCount;
                var (_, loss) = ae.Forward(tape, new Variable(x, requiresGrad: false), target);
                float value = loss.Value.Span[0];
                Divergence.CheckLoss(tape, value, parameters, optimizer.StepCount);
                tape.Backward(loss);
                Divergence.CheckGradients(tape, parameters, optimizer.StepCount);
                optimizer.Step(tape);
                sum += (double)value * size;
                seen += size;
                progress?.Invoke(new PretrainProgress(layer + 1, layers, e + 1, b + 1, batches, sum / seen, seen / clock.Elapsed.TotalSeconds));
            }
            yield return new LayerLoss(layer + 1, ae.Encoder.Name, e + 1, sum / seen);
        }
    }

    /// <summary>The clean codes f(x·Wᵀ + b) of every row of <paramref name="input"/>.</summary>
    static float[] Encode(Autoencoder ae, float[] input, int count, Tape tape)
    {
        int inputs = ae.Encoder.Inputs, outputs = ae.Encoder.Outputs;
        var codes = new float[(long)count * outputs];
        for (int start = 0; start < count; start += EncodeBatch)
        {
            int size = Math.Min(EncodeBatch, count - start);
            var x = new Tensor([size, inputs]);
            input.AsSpan(start * inputs, size * inputs).CopyTo(x.Span);
            tape.Reset();
            ae.Encode(tape, new Variable(x, requiresGrad: false)).Value.Span.CopyTo(codes.AsSpan(start * outputs, size * outputs));
        }
        return codes;
    }

    static void Write(string path, IEnumerable<Autoencoder> finished, List<LayerLoss> losses, int done)
    {
        var tensors = finished.SelectMany(a => a.Encoder.OwnParameters)
            .Select(p => new SafeTensor(p.Name, DType.Float32, p.Value.Shape.ToArray(), MemoryMarshal.AsBytes(p.Value.Span).ToArray())).ToList();
        SafeTensors.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["layers_done"] = done.ToString(CultureInfo.InvariantCulture),
            ["losses"] = JsonSerializer.Serialize(losses, TrainingConfig.Options).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal),
        });
    }
}
