using System.CommandLine;
using System.Globalization;
using InitLab.Data;
using InitLab.Models;
using InitLab.Training;
using Spectre.Console;

namespace InitLab.Cli.Commands;

/// <summary><c>initlab train</c>: train a model from a spec on Fashion-MNIST (or a directory), reproducibly and resumably.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "fashion-mnist, embedded, or a directory of MNIST-layout IDX files." };
        var (classes, perClass) = SubsetOptions();
        var model = new Option<string?>("--model") { Description = "The model spec, e.g. mlp:784-256-128-100-10 or cnn:c32-p-c64-p-f128-10 (docs/models.md)." };
        var act = CliOptions.Create("--act", "The hidden activation: relu, tanh, sigmoid, leaky_relu[:slope], elu[:alpha], selu, gelu, silu, softplus, identity.", () => "relu");
        var init = CliOptions.Create("--init", "The weight scheme, NAME[:KEY=VALUE,...] (see 'initlab list'), e.g. he-normal:mode=fan-out (its parameters may also be given as options: --init normal --std 0.01); or a model-level initializer: lsuv, weight-norm, fixup, rezero (skipinit), zero-init-residual, gpt2-scaled, zero (ZerO).", () => "he-normal");
        var biasInit = CliOptions.Create("--bias-init", "The bias scheme.", () => "zeros");
        var overrides = new Option<string[]>("--init-override") { Description = "PATTERN=SCHEME for the parameters whose names match (e.g. '*.bias=zeros', 'layers.0.weight=orthogonal'); repeatable, the last match wins.", AllowMultipleArgumentsPerToken = false };
        var norm = CliOptions.Create("--norm", "Normalization after each hidden conv/linear layer: none, batch or layer.", () => "none");
        norm.AcceptOnlyFromAmong("none", "batch", "layer");
        var dropout = CliOptions.Create("--dropout", "Dropout p after each hidden fully connected layer.", () => 0.0);
        var dropConnect = CliOptions.Create("--dropconnect", "DropConnect p on the weights of each hidden fully connected layer (Wan et al. 2013): kept weights scaled by 1/(1 − p) in training, W unchanged in evaluation.", () => 0.0);
        var labelSmoothing = CliOptions.Create("--label-smoothing", "Label smoothing ε of the cross-entropy: targets (1 − ε)·onehot + ε/C (PyTorch CrossEntropyLoss(label_smoothing=ε)).", () => 0.0);
        var epochs = CliOptions.Create("--epochs", "Epochs to train (with --resume: the total to reach).", () => 10);
        var batch = CliOptions.Create("--batch", "Images per batch.", () => 128);
        var precision = CliOptions.Precision();
        var opt = CliOptions.Create("--opt", "The optimizer NAME[:KEY=VALUE,...]: sgd, adam, adamw, rmsprop, adagrad, radam, nadam, lamb or ranger, e.g. rmsprop:alpha=0.9,centered=true; " +
            "any of them also takes lookahead=k[,lookahead-alpha=a] (Lookahead), gc=true and decoupled=true (docs/training.md).", () => "sgd");
        var gradCentralize = new Option<bool>("--grad-centralize") { Description = "Gradient centralization (Yong et al. 2020): each weight row's gradient loses its mean before the update (the flag form of --opt NAME:gc=true)." };
        var lr = CliOptions.Create("--lr", "The learning rate.", () => 0.01);
        var schedule = CliOptions.Create("--lr-schedule", ScheduleHelp, () => "constant");
        var ema = new Option<double?>("--ema") { Description = "Keep an exponential moving average of the weights, a ← d·a + (1 − d)·w after every step (torch AveragedModel with an EMA avg_fn; buffers not averaged), and report its test loss and accuracy each epoch (ema_test_*; test_* stay the last iterate's). E.g. 0.999." };
        var swa = new Option<string?>("--swa") { Description = SwaHelp };
        var momentum = CliOptions.Create("--momentum", "SGD momentum.", () => 0.0);
        var weightDecay = CliOptions.Create("--weight-decay", "Weight decay (L2 for sgd and adam, decoupled for adamw).", () => 0.0);
        var l1 = CliOptions.Create("--l1", "L1 penalty λ₁·Σ|w| added to the loss, over linear and conv weights (not biases or norm parameters); train_loss excludes it.", () => 0.0);
        var l2 = CliOptions.Create("--l2", "L2 penalty (λ₂/2)·Σw² added to the loss, over linear and conv weights (not biases or norm parameters); train_loss excludes it.", () => 0.0);
        var clipNorm = new Option<double?>("--clip-norm") { Description = "Clip the gradients by their global L2 norm: g·min(1, c/(‖g‖ + 1e-6)) (PyTorch clip_grad_norm_); the table reports clipped steps." };
        var clipValue = new Option<double?>("--clip-value") { Description = "Clamp every gradient element to [−c, c] (PyTorch clip_grad_value_); the table reports clipped steps." };
        var validation = CliOptions.Create("--val", "Hold out this fraction of the training set for validation (a pure function of seed and image index; docs/data.md).", () => 0.0);
        var patience = new Option<int?>("--patience") { Description = "Stop after this many epochs without a lower validation loss (needs --val)." };
        var restoreBest = new Option<bool>("--restore-best") { Description = "End with the weights of the epoch of lowest validation loss (needs --val)." };
        var augment = new Option<string?>("--augment") { Description = "Random training-image transforms, in order: crop[:pad=P], flip[:p=P], shift[:max=M], comma-separated, e.g. crop:pad=4,flip,shift:max=2 (deterministic per seed, epoch and image)." };
        var teacher = new Option<string?>("--teacher") { Description = "Distill from this run directory's model (Hinton et al. 2015): loss = α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α)·CE." };
        var kdTemperature = new Option<double?>("--kd-temperature") { Description = $"The distillation temperature T (default {Distillation.DefaultTemperature}; needs --teacher)." };
        var kdAlpha = new Option<double?>("--kd-alpha") { Description = $"The weight α of the soft term (default {Distillation.DefaultAlpha}; needs --teacher)." };
        var curriculum = new Option<string?>("--curriculum") { Description = "Curriculum learning (Bengio et al. 2009), easiest first by: teacher:RUN_DIR (that run's loss), file:PATH (one score per training image) or random (the control)." };
        var pacing = new Option<string?>("--pacing") { Description = "How the curriculum's pool grows: linear[:start=0.2,end=0.8], root[:start=..,end=..] or step[:start=0.2,inc=2,length=STEPS] (default linear)." };
        var imbalance = new Option<double?>("--imbalance") { Description = "Train on a long-tailed subset: class c keeps N_c·ρ^(−c/(C−1)) images (Cui et al. 2019), ρ = largest/smallest ≥ 1." };
        var classWeights = new Option<string?>("--class-weights") { Description = "Weight the loss by class: balanced, w_c = n/(C·n_c)." };
        var oversample = new Option<bool>("--oversample") { Description = "Repeat random images of the smaller classes until each has as many as the largest." };
        var smote = new Option<int?>("--smote") { Description = "Add SMOTE images (Chawla et al. 2002) interpolated towards one of k nearest neighbours until each class has as many as the largest." };
        var seed = CliOptions.Seed();
        var threads = CliOptions.Threads();
        var output = new Option<string?>("--out") { Description = "Write config.json, metrics.csv and a .safetensors checkpoint per epoch to this directory." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this directory from its last checkpoint. Its config.json fixes every training option: the original command line is accepted as it was, and an option that disagrees with the run is an error." };
        var printInit = new Option<bool>("--print-init") { Description = "Print each parameter's scheme, fans, gain and std, then exit without training." };
        var modelInit = new ModelInitCliOptions();
        var pretrained = new PretrainedCliOptions();
        var schemeOptions = new SchemeOptions();
        var json = CliOptions.Json();
        json.Description = "Print one JSON object per epoch instead of the table.";

        var command = new Command("train", "Train a model on image classification; reproducible for any --threads, resumable with --resume.")
        {
            data, model, act, init, biasInit, overrides, norm, dropout, dropConnect, labelSmoothing, epochs, batch, precision, opt, gradCentralize, lr, schedule, ema, swa, momentum, weightDecay,
            l1, l2, clipNorm, clipValue, seed, threads,
            classes, perClass, output, resume, printInit, json, validation, patience, restoreBest, augment, teacher, kdTemperature, kdAlpha, curriculum, pacing, imbalance, classWeights, oversample, smote,
        };
        foreach (var option in (Option[])[.. schemeOptions.All, .. modelInit.All, .. pretrained.All])
            command.Add(option);
        Option[] fixedByRun = [data, classes, perClass, model, act, init, biasInit, overrides, norm, dropout, dropConnect, labelSmoothing, batch, precision, opt, gradCentralize, lr, schedule, ema, swa, momentum, weightDecay,
            l1, l2, clipNorm, clipValue, seed, validation, patience, restoreBest,
            augment, teacher, kdTemperature, kdAlpha, curriculum, pacing, imbalance, classWeights, oversample, smote, .. schemeOptions.All, .. modelInit.All, .. pretrained.All];
        // The config keys whose option is not "--" + the key with '-' for '_' (ResumeAgreement).
        var optionsOfKey = new Dictionary<string, string[]>
        {
            ["activation"] = ["--act"],
            ["init"] = ["--init", .. schemeOptions.All.Select(o => o.Name)],
            ["init_overrides"] = ["--init-override"],
            ["optimizer"] = ["--opt", "--grad-centralize"],
            ["learning_rate"] = ["--lr"],
            ["validation"] = ["--val"],
            ["init_from"] = [.. pretrained.All.Select(o => o.Name)],
            ["from"] = ["--init-from"],
            ["partial"] = ["--init-from-partial"],
            ["skip"] = ["--init-from-skip"],
            ["drop_connect"] = ["--dropconnect"],
        };
        command.SetAction(result =>
        {
            var terminal = Terminal.For(result);
            string? resumeDir = result.GetValue(resume);
            string? outDir = result.GetValue(output);
            bool Given(Option option) => result.GetResult(option) is { Implicit: false };
            // The config the command line describes; with a run, the options not given keep the run's values.
            TrainingConfig Configured(TrainingConfig? run)
            {
                T Pick<T>(Option<T> option, Func<TrainingConfig, T> field) => run is not null && !Given(option) ? field(run) : result.GetValue(option)!;
                // Resumed with scheme options but no --init, they apply to the run's scheme: --std 0.1 against normal:std=0.05 disagrees.
                string initBase = run is null || Given(init) ? result.GetValue(init)! : schemeOptions.AnyGiven(result) ? run.Init.Split(':')[0] : run.Init;
                string initText = schemeOptions.Combine(result, initBase, "--init");
                return new TrainingConfig
                {
                    Data = Pick(data, r => r.Data) ?? throw new ArgumentException("train needs --data (fashion-mnist, embedded or a directory)."),
                    Classes = run is not null && !Given(classes) ? run.Classes : result.GetValue(classes) is { } named ? ClassSubset.Parse(named) : null,
                    PerClass = Pick(perClass, r => r.PerClass),
                    Model = Pick(model, r => r.Model) ?? throw new ArgumentException("train needs --model SPEC, e.g. mlp:784-256-128-100-10."),
                    Activation = Pick(act, r => r.Activation),
                    Init = initText,
                    BiasInit = Pick(biasInit, r => r.BiasInit),
                    InitOverrides = run is not null && !Given(overrides) ? run.InitOverrides : result.GetValue(overrides) ?? [],
                    Norm = run is not null && !Given(norm) ? run.Norm : Enum.Parse<Normalization>(result.GetValue(norm)!, ignoreCase: true),
                    Dropout = Pick(dropout, r => r.Dropout),
                    DropConnect = Pick(dropConnect, r => r.DropConnect),
                    LabelSmoothing = Pick(labelSmoothing, r => r.LabelSmoothing),
                    Epochs = Pick(epochs, r => r.Epochs),
                    Batch = Pick(batch, r => r.Batch),
                    Precision = run is not null && !Given(precision) ? run.Precision : CliOptions.ParsePrecision(result.GetValue(precision)!),
                    Optimizer = run is not null && !Given(opt) && !Given(gradCentralize) ? run.Optimizer : OptimizerOf(result.GetValue(opt)!, result.GetValue(gradCentralize)),
                    LearningRate = Pick(lr, r => r.LearningRate),
                    LrSchedule = Pick(schedule, r => r.LrSchedule),
                    Ema = Pick(ema, r => r.Ema),
                    Swa = run is not null && !Given(swa) ? run.Swa : result.GetValue(swa) is { } swaText ? SwaSpec.Parse(swaText).ToString() : null,
                    Momentum = Pick(momentum, r => r.Momentum),
                    WeightDecay = Pick(weightDecay, r => r.WeightDecay),
                    L1 = Pick(l1, r => r.L1),
                    L2 = Pick(l2, r => r.L2),
                    ClipNorm = Pick(clipNorm, r => r.ClipNorm),
                    ClipValue = Pick(clipValue, r => r.ClipValue),
                    Seed = Pick(seed, r => r.Seed),
                    InitOptions = run is not null && !modelInit.All.Any(Given) ? run.InitOptions : modelInit.Read(result, initText),
                    Validation = Pick(validation, r => r.Validation),
                    Patience = Pick(patience, r => r.Patience),
                    RestoreBest = Pick(restoreBest, r => r.RestoreBest),
                    Augment = Pick(augment, r => r.Augment),
                    Teacher = run is not null && !Given(teacher) ? run.Teacher : result.GetValue(teacher) is { Length: > 0 } teacherDir ? Path.GetFullPath(teacherDir) : result.GetValue(teacher),
                    KdTemperature = Pick(kdTemperature, r => r.KdTemperature),
                    KdAlpha = Pick(kdAlpha, r => r.KdAlpha),
                    Curriculum = run is not null && !Given(curriculum) ? run.Curriculum : AbsoluteSource(result.GetValue(curriculum)),
                    Pacing = Pick(pacing, r => r.Pacing),
                    Imbalance = Pick(imbalance, r => r.Imbalance),
                    ClassWeights = Pick(classWeights, r => r.ClassWeights),
                    Oversample = Pick(oversample, r => r.Oversample),
                    Smote = Pick(smote, r => r.Smote),
                    InitFrom = run is not null && !pretrained.All.Any(Given) ? run.InitFrom : pretrained.Read(result),
                };
            }

            TrainingConfig config;
            RunDirectory? run = null;
            if (resumeDir is not null)
            {
                if (outDir is not null && Path.GetFullPath(outDir) != Path.GetFullPath(resumeDir))
                    throw new ArgumentException($"--out = '{outDir}' differs from --resume = '{resumeDir}'; a resumed run writes to its own directory.");
                (run, config) = RunDirectory.Open(resumeDir);
                var given = fixedByRun.Where(Given).ToList();
                if (given.Count > 0)
                    ResumeAgreement.Check(config, Configured(config), given, optionsOfKey, resumeDir);
                if (Given(epochs) && result.GetValue(epochs) != config.Epochs)
                {
                    config = (config with { Epochs = result.GetValue(epochs) }).Validate();
                    run.WriteConfig(config);
                }
            }
            else
                config = Configured(null).Validate();
            var splits = DataSource.Load(config.Data);
            var trainer = new Trainer(config, splits, result.GetValue(threads));
            if (result.GetValue(printInit))
            {
                PrintInit(terminal, trainer);
                ModelInitCliOptions.Print(terminal, trainer.ModelInitialization);
                return 0;
            }
            int start = 0;
            if (run is not null)
                start = run.Restore(trainer);
            else if (outDir is not null)
            {
                run = RunDirectory.Create(outDir, config);
                if (trainer.LoadReport is { } loaded)
                    IO.AtomicFile.WriteText(Path.Combine(outDir, Pretrained.LoadReport.FileName), loaded.ToText());
            }
            if (trainer.LoadReport is { } report && start == 0)
                (result.InvocationConfiguration.Error ?? Console.Error).Write(report.ToText());
            bool asJson = result.GetValue(json);
            if (asJson && trainer.ModelInitialization.Count > 0)
                terminal.Out.WriteLine(ModelInitCliOptions.Json(trainer.ModelInitialization).ToJsonString());
            if (!asJson)
            {
                ModelInitCliOptions.Print(terminal, trainer.ModelInitialization);
                terminal.Out.WriteLine($"{config.Model} on {splits.Origin} ({trainer.TrainingSet.Count} train / " +
                                       (trainer.ValidationSet is { } held ? $"{held.Count} validation / " : "") + $"{trainer.TestSet.Count} test), " +
                                       $"{trainer.Model.Parameters.Sum(p => (long)p.Value.Length):N0} parameters" +
                                       (config.Precision == Numerics.Precision.Bf16 ? ", bf16 products (float32 master weights)" : "") +
                                       (start > 0 ? $", resumed after epoch {start}" : ""));
                if (trainer.Distillation is { } kd)
                    terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"distilling from {config.Teacher} (epoch {kd.TeacherEpoch}), T = {kd.Temperature}, α = {kd.Alpha}"));
                if (trainer.Curriculum is { } plan)
                    terminal.Out.WriteLine($"curriculum {plan.Source}, pacing {config.Pacing ?? "linear"}");
                bool clips = GradientClipping.Of(config).Kind != ClipKind.None;
                terminal.Out.WriteLine(Header + (config.Validation > 0 ? ValidationHeader : "") + (clips ? ClipHeader : "") +
                                       (config.Ema is null ? "" : "  ema_acc") + (config.Swa is null ? "" : "  swa_acc"));
                foreach (var m in trainer.History)
                    terminal.Out.WriteLine(Row(m, clips, config));
            }
            using var progress = ProgressLine.ForStderr(result.InvocationConfiguration.Error ?? Console.Error, trainer.BatchesPerEpoch);
            while (!trainer.Finished)
            {
                var metrics = trainer.RunEpoch(progress is null ? null : progress.Report);
                progress?.Clear();
                run?.Save(trainer);
                terminal.Out.WriteLine(asJson ? metrics.ToJson().ToJsonString() : Row(metrics, GradientClipping.Of(config).Kind != ClipKind.None, config));
                terminal.Out.Flush();
            }
            if (trainer.EarlyStopping is { } watcher)
                PrintEarlyStopping(terminal, trainer, watcher, asJson);
            if (config.Imbalance is not null || config.ClassWeights is not null || config.Oversample || config.Smote is not null)
                PrintClassAccuracy(terminal, trainer, asJson);
            return 0;
        });
        return command;
    }

    /// <summary>The help of <c>--swa</c>, shared with <c>compare</c>.</summary>
    internal const string SwaHelp = "Stochastic weight averaging (Izmailov et al. 2018) START[:lr=X,anneal=10,strategy=cos|linear]: the weights at the end of epoch START and of every later epoch " +
        "are averaged equally (torch AveragedModel); the average's batch-norm statistics are recomputed by one pass over the training set (torch update_bn) and it is evaluated each epoch " +
        "(swa_test_*) and written to swa.safetensors. With lr, the averaged epochs' learning rate moves to X over anneal epochs (torch SWALR). E.g. 8 or 8:lr=0.05,anneal=2.";

    /// <summary>The help of <c>--lr-schedule</c>, shared with <c>compare</c> and <c>schedule</c>.</summary>
    internal const string ScheduleHelp = "The learning-rate schedule NAME[:KEY=VALUE,...], per optimizer step (unit=epoch: per epoch): constant, step:step-size=N[,gamma=0.1], " +
        "multistep:milestones=N1+N2[,gamma=0.1], exponential:gamma=G, cosine[:t-max=N,eta-min=X], cyclic:max-lr=X[,base-lr=--lr,step-size-up=2000,step-size-down=N,mode=triangular|triangular2|exp-range,gamma=G], " +
        "sgdr:t0=N[,t-mult=1,eta-min=0], onecycle[:max-lr=--lr,pct-start=0.3,div-factor=25,final-div-factor=1e4,anneal=cos|linear,three-phase=false]; " +
        "any takes warmup=N[,warmup-start=1/3] (linear warmup, then the schedule). E.g. cosine:warmup=500.";

    /// <summary><c>--classes</c> and <c>--per-class</c>, shared by <c>train</c> and <c>compare</c>.</summary>
    internal static (Option<string?> Classes, Option<int?> PerClass) SubsetOptions() => (
        new Option<string?>("--classes") { Description = "Keep these classes, relabelled 0 … k−1 in the order given: labels and ranges, e.g. 0-4 or 5,6,7,8,9 (train and test sets)." },
        new Option<int?>("--per-class") { Description = "Keep N training images per class (a pure function of seed and image index; the test set stays whole)." });

    const string Header = "epoch  train_loss  train_acc  test_loss  test_acc  samples/s  seconds";

    /// <summary>A <c>--curriculum</c> value with its directory or file made absolute, so that a resumed run finds it from anywhere.</summary>
    /// <summary>The optimizer of <c>--opt</c>, with gradient centralization when <c>--grad-centralize</c> is given.</summary>
    static OptimizerSpec OptimizerOf(string text, bool centralize)
    {
        var spec = OptimizerSpec.Parse(text, "--opt");
        if (centralize && spec.Gc == false)
            throw new ArgumentException($"--grad-centralize contradicts --opt {text}; drop one.");
        return centralize ? spec with { Gc = true } : spec;
    }

    static string? AbsoluteSource(string? source)
    {
        foreach (string prefix in new[] { "teacher:", "file:" })
            if (source is not null && source.StartsWith(prefix, StringComparison.Ordinal) && source.Length > prefix.Length)
                return prefix + Path.GetFullPath(source[prefix.Length..]);
        return source;
    }

    const string ValidationHeader = "  val_loss  val_acc";

    const string ClipHeader = "  clipped  grad_norm_mean  grad_norm_max";

    /// <summary>One table row; with clipping, the epoch's clipped steps (count and fraction) and its pre-clip gradient norms.</summary>
    static string Row(EpochMetrics m, bool clips, TrainingConfig config) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Epoch,5}  {m.TrainLoss,10:F4}  {m.TrainAccuracy,9:F4}  {m.TestLoss,9:F4}  {m.TestAccuracy,8:F4}  {m.SamplesPerSecond,9:F0}  {m.Seconds,7:F1}") +
        (m.HasValidation ? string.Create(CultureInfo.InvariantCulture, $"  {m.ValLoss,8:F4}  {m.ValAccuracy,7:F4}") : "") +
        (clips ? string.Create(CultureInfo.InvariantCulture, $"  {$"{m.ClippedSteps} ({m.ClipFraction:P0})",7}  {m.GradNormMean,14:G4}  {m.GradNormMax,13:G4}") : "") +
        (config.Ema is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  {m.EmaTestAccuracy,7:F4}")) +
        (config.Swa is null ? "" : double.IsNaN(m.SwaTestAccuracy) ? "        -" : string.Create(CultureInfo.InvariantCulture, $"  {m.SwaTestAccuracy,7:F4}"));

    /// <summary>The final model's test accuracy per class, its balanced accuracy and the training set's class counts.</summary>
    static void PrintClassAccuracy(Terminal terminal, Trainer trainer, bool asJson)
    {
        var perClass = trainer.TestClassAccuracy();
        var counts = trainer.TrainingSet.ClassCounts();
        double balanced = Trainer.BalancedAccuracy(perClass);
        if (asJson)
        {
            terminal.Out.WriteLine(new System.Text.Json.Nodes.JsonObject
            {
                ["train_class_counts"] = new System.Text.Json.Nodes.JsonArray([.. counts.Select(c => (System.Text.Json.Nodes.JsonNode)c)]),
                ["test_class_accuracy"] = new System.Text.Json.Nodes.JsonArray([.. perClass.Select(a => (System.Text.Json.Nodes.JsonNode)a)]),
                ["test_balanced_accuracy"] = balanced,
            }.ToJsonString());
            return;
        }
        terminal.Out.WriteLine("class  train_images  test_acc");
        for (int c = 0; c < perClass.Length; c++)
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c,5}  {counts[c],12}  {perClass[c],8:F4}"));
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"balanced test accuracy {balanced:F4}"));
    }

    /// <summary>Says whether the run stopped early and which epoch was best; with <c>--restore-best</c>, restores that epoch's weights and reports their test metrics.</summary>
    static void PrintEarlyStopping(Terminal terminal, Trainer trainer, EarlyStopping watcher, bool asJson)
    {
        bool stopped = watcher.ShouldStop && trainer.CompletedEpochs < trainer.Config.Epochs;
        (double Loss, double Accuracy)? restored = null;
        if (watcher.RestoreBest)
        {
            trainer.UseBestWeights();
            restored = trainer.Evaluate();
        }
        if (asJson)
        {
            var o = new System.Text.Json.Nodes.JsonObject
            {
                ["stopped_early"] = stopped,
                ["epochs_run"] = trainer.CompletedEpochs,
                ["best_epoch"] = watcher.BestEpoch,
                ["best_val_loss"] = watcher.BestLoss,
                ["restored_best"] = watcher.RestoreBest,
            };
            if (restored is var (loss, accuracy))
                (o["test_loss"], o["test_accuracy"]) = (loss, accuracy);
            terminal.Out.WriteLine(o.ToJsonString());
            return;
        }
        string best = string.Create(CultureInfo.InvariantCulture, $"best epoch {watcher.BestEpoch} (val_loss {watcher.BestLoss:F4})");
        terminal.Out.WriteLine(stopped
            ? $"stopped early after epoch {trainer.CompletedEpochs}: no lower validation loss for {watcher.Patience} epochs; {best}"
            : best);
        if (restored is var (testLoss, testAccuracy))
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"restored the weights of epoch {watcher.BestEpoch}: test_loss {testLoss:F4}, test_acc {testAccuracy:F4}"));
    }

    static void PrintInit(Terminal terminal, Trainer trainer)
    {
        var table = new Table().AddColumns("parameter", "shape", "scheme", "fan_in", "fan_out", "gain", "std");
        foreach (var r in trainer.Initialization)
            table.AddRow(Markup.Escape(r.Parameter), Markup.Escape($"[{string.Join(", ", r.Shape)}]"), Markup.Escape(SchemeLabel(r.Scheme)),
                r.FanIn?.ToString(CultureInfo.InvariantCulture) ?? "–", r.FanOut?.ToString(CultureInfo.InvariantCulture) ?? "–",
                r.Gain is double g ? CliOptions.Format(g) : "–", CliOptions.Format(r.Std));
        terminal.Rich.Write(table);
    }

    /// <summary>The scheme's name and its resolved arguments, e.g. <c>he-normal (nonlinearity=relu, mode=fan-in, truncated=false)</c>.</summary>
    /// <remarks>Read from the record's own text (<c>HeNormal { Name = he-normal, Nonlinearity = Relu, … }</c>), so every argument shows.</remarks>
    static string SchemeLabel(Init.InitScheme scheme)
    {
        string text = scheme.ToString();
        int open = text.IndexOf('{');
        var arguments = (open < 0 ? "" : text[(open + 1)..].TrimEnd('}', ' '))
            .Split(", ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(" = ", 2))
            .Where(kv => kv.Length == 2 && kv[0] != "Name" && kv[1].Length > 0)
            .Select(kv => $"{Kebab(kv[0])}={(double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? kv[1] : Kebab(kv[1]))}");
        string list = string.Join(", ", arguments);
        return list.Length == 0 ? scheme.Name : $"{scheme.Name} ({list})";
    }

    static string Kebab(string name) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(name);
}
