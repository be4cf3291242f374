using System.CommandLine;
using System.Globalization;
using InitLab.Data;
using InitLab.Pretrained;
using InitLab.Training;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab pretrain</c>: greedy layer-wise pretraining of an MLP's hidden layers as (denoising) autoencoders, written for <c>train --init-from</c>.</summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "fashion-mnist, embedded, or a directory of MNIST-layout IDX files (labels are not used)." };
        var (classes, perClass) = TrainCommand.SubsetOptions();
        var model = new Option<string?>("--model") { Description = "The plain MLP whose hidden layers are pretrained, e.g. mlp:784-500-500-500-500-10 (the classifier is not)." };
        var method = CliOptions.Create("--method", "autoencoder (Bengio et al. 2007) or denoising (masking noise, Vincent et al. 2008).", () => "autoencoder");
        method.AcceptOnlyFromAmong("autoencoder", "denoising");
        var epochsPerLayer = CliOptions.Create("--epochs-per-layer", "Epochs over the training set for each hidden layer.", () => 5);
        var tied = new Option<bool>("--tied") { Description = "Decode with the encoder's weight transposed (x̂ = h·W + c) instead of a weight of its own." };
        var noise = new Option<double?>("--noise") { Description = $"The fraction ν of inputs masked to 0 (--method denoising; default {PretrainConfig.DefaultNoise})." };
        var act = CliOptions.Create("--act", "The hidden activation: sigmoid, tanh, relu, ….", () => "sigmoid");
        var init = CliOptions.Create("--init", "The scheme of the autoencoders' initial weights (see 'initlab list'), e.g. glorot-uniform or normal:std=0.01.", () => "glorot-uniform");
        var biasInit = CliOptions.Create("--bias-init", "The bias scheme.", () => "zeros");
        var opt = CliOptions.Create("--opt", "The optimizer: sgd or adam.", () => "sgd");
        opt.AcceptOnlyFromAmong("sgd", "adam");
        var lr = CliOptions.Create("--lr", "The learning rate.", () => 0.01);
        var momentum = CliOptions.Create("--momentum", "SGD momentum.", () => 0.0);
        var batch = CliOptions.Create("--batch", "Images per batch.", () => 64);
        var seed = CliOptions.Seed();
        var threads = CliOptions.Threads();
        var output = new Option<string?>("--out") { Description = "The output directory: pretrain.json, model.safetensors (for train --init-from DIR) and losses.csv; an interrupted run continues there with the same options." };

        var command = new Command("pretrain", "Greedy layer-wise pretraining (Hinton & Salakhutdinov 2006; Bengio et al. 2007): each hidden layer as an autoencoder on the codes below; output for train --init-from.")
        {
            data, classes, perClass, model, method, epochsPerLayer, tied, noise, act, init, biasInit, opt, lr, momentum, batch, seed, threads, output,
        };
        command.SetAction(result =>
        {
            var terminal = Terminal.For(result);
            string outDir = result.GetValue(output) ?? throw new ArgumentException("pretrain needs --out DIR, where pretrain.json and model.safetensors go.");
            var config = new PretrainConfig
            {
                Data = result.GetValue(data) ?? throw new ArgumentException("pretrain needs --data (fashion-mnist, embedded or a directory)."),
                Classes = result.GetValue(classes) is { } named ? ClassSubset.Parse(named) : null,
                PerClass = result.GetValue(perClass),
                Model = result.GetValue(model) ?? throw new ArgumentException("pretrain needs --model SPEC, e.g. mlp:784-500-500-10."),
                Method = Enum.Parse<PretrainMethod>(result.GetValue(method)!, ignoreCase: true),
                EpochsPerLayer = result.GetValue(epochsPerLayer),
                Tied = result.GetValue(tied),
                Noise = result.GetValue(noise),
                Activation = result.GetValue(act)!,
                Init = result.GetValue(init)!,
                BiasInit = result.GetValue(biasInit)!,
                Optimizer = Enum.Parse<OptimizerKind>(result.GetValue(opt)!, ignoreCase: true),
                LearningRate = result.GetValue(lr),
                Momentum = result.GetValue(momentum),
                Batch = result.GetValue(batch),
                Seed = result.GetValue(seed),
            }.Validate();
            int kernelThreads = CliOptions.CheckThreads(result.GetValue(threads));
            var splits = DataSource.Load(config.Data);
            terminal.Out.WriteLine($"pretrain {config.Model} ({config.Activation}), {config.Method.ToString().ToLowerInvariant()}" +
                                   (config.Method == PretrainMethod.Denoising ? string.Create(CultureInfo.InvariantCulture, $" ν = {config.NoiseFraction}") : "") +
                                   $", {(config.Tied ? "tied" : "untied")} weights, {config.EpochsPerLayer} epochs per layer, into {outDir}");
            terminal.Out.WriteLine("layer  name       epoch  recon_loss");
            terminal.Out.Flush();
            ProgressLine? progress = null;
            void EpochDone(LayerLoss loss)
            {
                progress?.Clear();
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{loss.Layer,5}  {loss.Name,-9}  {loss.Epoch,5}  {loss.Loss,10:F6}"));
                terminal.Out.Flush();
            }
            var batches = (config.ToTraining().Select(splits).Train.Count + config.Batch - 1) / config.Batch;
            using (progress = ProgressLine.ForStderr(result.InvocationConfiguration.Error ?? Console.Error, batches))
            {
                var outcome = LayerwisePretraining.Run(config, splits, outDir, kernelThreads, progress is null ? null : progress.Report, EpochDone);
                if (outcome.ResumedLayers > 0)
                    terminal.Out.WriteLine($"continued after layer {outcome.ResumedLayers} of an earlier run (its losses: {LayerwisePretraining.LossFile})");
                terminal.Out.WriteLine($"wrote {outcome.ModelFile}; use it with train --init-from {outDir}");
            }
            return 0;
        });
        return command;
    }
}
