using InitLab.Activations;
using InitLab.Autograd;
using InitLab.IO;
using InitLab.Models;
using InitLab.Models.Spec;
using InitLab.Nn;
using InitLab.Optim.Schedules;
using InitLab.Tensors;
using InitLab.Tests.Support;
using InitLab.Training;

namespace InitLab.Tests.Training;

/// <summary>Stochastic weight averaging: the average, update_bn and SWALR against torch.optim.swa_utils, and the trainer's use of them.</summary>
public sealed class StochasticWeightAveragingTests
{
    // /usr/bin/python3 bench/peers/swa_bn.py (torch 1.13): AveragedModel over four weight sets, then update_bn over three batches.
    static readonly double[][] TorchAverages =
    [
        [0.20543619990348816, 0.43110254406929016, 0.4540146589279175, 0.26339656114578247, -0.05110105872154236, -0.3415650427341461, -0.471385657787323, -0.3795062303543091, -0.109139084815979, 0.212557852268219, 0.4342855215072632, 0.451761931180954, 0.2567676305770874, -0.05898849666118622, -0.34700140357017517, -0.4718141257762909, -0.3747252821922302, -0.1013973206281662, 0.21961943805217743, 0.4373457431793213, 0.4493815004825592, 0.2500661015510559, -0.06685925275087357, -0.35233965516090393], // 0.weight
        [0.4688628315925598, 0.39527109265327454, 0.13577717542648315, -0.18757489323616028, -0.42270752787590027, -0.4590342342853546], // 0.bias
        [0.3012191653251648, -0.003970786929130554, -0.30729320645332336, -0.4660908579826355, -0.4056786894798279, -0.15446946024894714], // 1.weight
        [-0.1433640420436859, -0.39956194162368774, -0.46783962845802307, -0.3160850405693054, -0.01567070186138153, 0.2921138107776642], // 1.bias
        [-0.4561389982700348, -0.42779770493507385, -0.1982564628124237, 0.12452790141105652, 0.38874486088752747, 0.47012901306152344, 0.3304041624069214, 0.035285063087940216, -0.276429146528244, -0.45813441276550293, -0.4243718981742859, -0.191020667552948, 0.13217058777809143, 0.3931999206542969, 0.4693012237548828, 0.3246828019618988, 0.027360990643501282, -0.2828291058540344], // 3.weight
        [-0.34954190254211426, -0.0627182126045227, 0.2536028027534485], // 3.bias
    ];
    static readonly double[] TorchRunningMean = [0.9441206455230713, -0.04652785882353783, 0.4930649399757385, -0.419064998626709, -0.34376490116119385, -0.37630704045295715];
    static readonly double[] TorchRunningVar = [2.2270619869232178, 1.9318838119506836, 1.3451226949691772, 0.7301574349403381, 0.36302608251571655, 0.4085223376750946];

    static Model TinyBatchNormMlp() =>
        ModelBuilder.Build(ModelSpec.Parse("mlp:4-6-3"), new ModelOptions(Activation.Relu, Normalization.Batch), 1, 1, 4);

    [Fact]
    public void AverageAndBatchNormUpdate_MatchTorchSwaUtils()
    {
        var model = TinyBatchNormMlp();
        var parameters = model.Parameters;
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.3.weight", "layers.3.bias"], parameters.Select(p => p.Name));
        var swa = new StochasticWeightAveraging(parameters, new SwaSpec(1));
        for (int t = 0; t < 4; t++)
        {
            for (int j = 0; j < parameters.Count; j++)
            {
                var span = parameters[j].Value.Span;
                for (int k = 0; k < span.Length; k++)
                    span[k] = (float)(0.5 * Math.Sin(0.7 * k + 0.3 * t + j));
            }
            swa.Update();
        }
        Assert.Equal(4, swa.Count);
        var live = parameters.Select(p => p.Value.Span.ToArray()).ToList();
        swa.Swap();
        for (int j = 0; j < parameters.Count; j++)
            AssertClose(TorchAverages[j], parameters[j].Value.Span, 2e-7, parameters[j].Name);

        var batches = Enumerable.Range(0, 3).Select(b => new Variable(Tensor.FromArray(
            [.. Enumerable.Range(0, 20).Select(k => (float)(1.5 * Math.Sin(0.37 * k + b) + 0.2 * b))], 5, 4), requiresGrad: false)).ToList();
        var bn = model.Layers.Modules().OfType<BatchNorm>().Single();
        bn.RunningMean.Span.Fill(7f);   // stale statistics of the live weights: update_bn must discard them
        Assert.Equal(3, StochasticWeightAveraging.UpdateBatchNorm(model, new Tape(1), batches));
        AssertClose(TorchRunningMean, bn.RunningMean.Span, 1e-6, "running_mean");
        AssertClose(TorchRunningVar, bn.RunningVar.Span, 1e-6, "running_var");
        Assert.Equal(0.1, bn.Momentum);   // restored for training
        swa.Swap();
        for (int j = 0; j < parameters.Count; j++)
            Assert.Equal(live[j], parameters[j].Value.Span.ToArray());
    }

    [Fact]
    public void UpdateBatchNorm_OfAModelWithoutBatchNorm_TouchesNothing() =>
        Assert.Equal(0, StochasticWeightAveraging.UpdateBatchNorm(
            ModelBuilder.Build(ModelSpec.Parse("mlp:4-6-3"), new ModelOptions(Activation.Relu), 1, 1, 4), new Tape(1),
            [new Variable(new Tensor(5, 4), requiresGrad: false)]));

    [Fact]
    public void UpdateBatchNorm_NeedsATrainingTape() =>
        Assert.Throws<ArgumentException>(() => StochasticWeightAveraging.UpdateBatchNorm(TinyBatchNormMlp(), new Tape(1, training: false), []));

    // /usr/bin/python3 bench/peers/swa_bn.py: SWALR(optimizer at lr 0.1, swa_lr=0.01, anneal_epochs=A, anneal_strategy), the rate of each epoch.
    [Theory]
    [InlineData(AnnealStrategy.Cos, 0, new[] { 0.01, 0.01, 0.01, 0.01, 0.01, 0.01 })]
    [InlineData(AnnealStrategy.Cos, 1, new[] { 0.1, 0.01, 0.01, 0.01, 0.01, 0.01 })]
    [InlineData(AnnealStrategy.Cos, 3, new[] { 0.1, 0.07750000000000001, 0.032500000000000015, 0.01, 0.01, 0.01 })]
    [InlineData(AnnealStrategy.Linear, 0, new[] { 0.01, 0.01, 0.01, 0.01, 0.01, 0.01 })]
    [InlineData(AnnealStrategy.Linear, 1, new[] { 0.1, 0.01, 0.01, 0.01, 0.01, 0.01 })]
    [InlineData(AnnealStrategy.Linear, 3, new[] { 0.1, 0.07, 0.04000000000000001, 0.01, 0.01, 0.01 })]
    public void LearningRate_MatchesTorchSwaLr(AnnealStrategy strategy, int anneal, double[] torch)
    {
        var spec = new SwaSpec(5, 0.01, anneal, strategy);
        for (int s = 0; s < torch.Length; s++)
            Assert.True(Math.Abs(spec.LearningRate(s, 0.1) - torch[s]) <= 1e-15, $"epoch {s}: {spec.LearningRate(s, 0.1):R} vs {torch[s]:R}");
    }

    [Theory]
    [InlineData("8", "8")]
    [InlineData("8:lr=0.05", "8:lr=0.05,anneal=10,strategy=cos")]
    [InlineData("3:lr=1e-2,anneal=0,strategy=LINEAR", "3:lr=0.01,anneal=0,strategy=linear")]
    public void Spec_ParsesToItsCanonicalText(string text, string canonical)
    {
        var spec = SwaSpec.Parse(text);
        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, SwaSpec.Parse(spec.ToString()));
    }

    static TrainingConfig BatchNormRun(int epochs, string? swa) => new()
    {
        Data = "embedded", Model = "mlp:784-32-16-10", Norm = Normalization.Batch, Dropout = 0.2, Batch = 100, LearningRate = 0.05, Momentum = 0.9, Epochs = epochs, Swa = swa,
    };

    [Fact]
    public void Trainer_AveragesTheEpochsFromStart_AndLeavesTrainingUntouched()
    {
        var data = InitLab.Data.DataSource.Load("embedded");
        var plain = new Trainer(BatchNormRun(3, null), data, threads: 1);
        var averaged = new Trainer(BatchNormRun(3, "2"), data, threads: 1);
        var epochWeights = new List<float[][]>();
        for (int e = 0; e < 3; e++)
        {
            var p = plain.RunEpoch();
            var a = averaged.RunEpoch();
            // The average's evaluation (its own batch-norm pass, dropout included) leaves the live run's bits as they were.
            Assert.Equal(p.TestLoss, a.TestLoss);
            Assert.Equal(p.TrainLoss, a.TrainLoss);
            Assert.True(double.IsNaN(p.SwaTestAccuracy));
            Assert.Equal(e == 0, double.IsNaN(a.SwaTestAccuracy));
            epochWeights.Add([.. averaged.Model.Parameters.Select(x => x.Value.Span.ToArray())]);
        }
        foreach (var (b, c) in plain.Model.Buffers.Zip(averaged.Model.Buffers))
            Assert.Equal(b.Value.Span.ToArray(), c.Value.Span.ToArray());
        var swa = averaged.Swa!;
        Assert.Equal(2, swa.Count);
        foreach (var ((name, value), k) in swa.State.Select((s, k) => (s, k)))
            AssertClose([.. epochWeights[1][k].Zip(epochWeights[2][k], (x, y) => ((double)x + y) / 2)], value.Span, 1e-6, name);
        // The recomputed statistics describe the average, not the last iterate.
        var liveMean = averaged.Model.Buffers.First(b => b.Name.EndsWith("running_mean", StringComparison.Ordinal)).Value.Span.ToArray();
        var swaMean = swa.Buffers.First(b => b.Name.EndsWith("running_mean", StringComparison.Ordinal)).Value.Span.ToArray();
        Assert.NotEqual(liveMean, swaMean);
        Assert.NotEqual(averaged.History[^1].TestLoss, averaged.History[^1].SwaTestLoss);
    }

    [Fact]
    public void SwaLearningRate_ReplacesTheScheduleFromTheStartEpoch()
    {
        var config = BatchNormRun(4, "2:lr=0.01,anneal=2") with { LrSchedule = "cosine" };
        var trainer = new Trainer(config, InitLab.Data.DataSource.Load("embedded"), threads: 1);
        int batches = trainer.BatchesPerEpoch;
        double initial = config.ParseSchedule().LearningRateAt(config.LearningRate, batches, trainer.TotalSteps, batches);
        trainer.RunEpoch();
        Assert.Equal(config.ParseSchedule().LearningRateAt(config.LearningRate, batches - 1, trainer.TotalSteps, batches), trainer.Optimizer.LearningRate);
        double[] expected = [initial, 0.5 * 0.01 + 0.5 * initial, 0.01];
        foreach (double rate in expected)
        {
            trainer.RunEpoch();
            Assert.Equal(rate, trainer.Optimizer.LearningRate, 15);
        }
    }

    [Fact]
    public void Resume_RestoresTheAverage_BitIdentically()
    {
        var (whole, resumed) = SplitRun.Train(BatchNormRun(2, "1"));
        var (last, again) = (whole.History[^1], resumed.History[^1]);
        Assert.Equal(last.SwaTestLoss, again.SwaTestLoss);
        Assert.Equal(last.SwaTestAccuracy, again.SwaTestAccuracy);
        Assert.Equal(2, resumed.Swa!.Count);
        foreach (var (a, b) in whole.Swa!.State.Zip(resumed.Swa.State))
            Assert.Equal(a.Value.Span.ToArray(), b.Value.Span.ToArray());
        var row = EpochMetrics.FromCsv(last.ToCsv());
        Assert.Equal(last.SwaTestAccuracy, row.SwaTestAccuracy);
    }

    [Fact]
    public void RunDirectory_WritesTheAverageAsWeights_ThatInitFromLoads()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run([.. CliRunner.SmallTrain, "--norm", "batch", "--epochs", "2", "--swa", "1", "--out", dir.Path]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("swa_acc", result.Out);
        string file = dir.File(RunDirectory.SwaFile);
        var (metadata, tensors) = SafeTensors.Read(file);
        Assert.Equal("2", metadata["averaged_epochs"]);
        Assert.Contains(tensors, t => t.Name == "layers.1.running_var");
        var rows = File.ReadAllLines(dir.File(RunDirectory.MetricsFile));
        double swaAccuracy = EpochMetrics.FromCsv(rows[^1]).SwaTestAccuracy;
        // A run initialized from swa.safetensors evaluates, before any step, to the average's accuracy.
        var config = TrainingConfig.FromJson(File.ReadAllText(dir.File(RunDirectory.ConfigFile)), "config.json") with
        {
            Swa = null, InitFrom = new InitLab.Pretrained.PretrainedInit { From = file },
        };
        var loaded = new Trainer(config, InitLab.Data.DataSource.Load("embedded"), threads: 1);
        Assert.Equal(swaAccuracy, loaded.Evaluate().Accuracy);
    }

    [Fact]
    public void Compare_ReportsEachCellsSwaAccuracy()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("compare", "--data", "embedded", "--model", "mlp:784-16-10", "--init", "he-normal,normal:std=0.01", "--seeds", "2", "--epochs", "2",
            "--batch", "100", "--swa", "1", "--threads", "1", "--out", dir.File("store"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("swa acc", result.Out);
        var cell = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("store/summary.json")))!["cells"]!.AsArray()
            .First(c => (string)c!["init"]! == "he-normal")!;
        var swa = Directory.GetDirectories(dir.File("store/runs"), "000-*").Single();
        double[] seeds = [.. Directory.GetDirectories(swa, "seed-*").Order().Select(d => EpochMetrics.FromCsv(File.ReadAllLines(Path.Combine(d, RunDirectory.MetricsFile))[^1]).SwaTestAccuracy)];
        Assert.Equal(seeds.Average(), (double)cell["swa_accuracy"]!["mean"]!, 12);
        Assert.Null(cell["ema_accuracy"]);
    }

    [Theory]
    [InlineData("0", "--swa = '0': the start epoch '0' is not allowed; it must be a whole number ≥ 1")]
    [InlineData("x", "--swa = 'x': the start epoch 'x' is not allowed")]
    [InlineData("4", "--swa = '4': averaging would start after epoch 4, but the run has 3 (--epochs)")]
    [InlineData("2:lr=0", "--swa = '2:lr=0': lr = '0' is not allowed; it must be a finite number > 0")]
    [InlineData("2:anneal=3", "--swa = '2:anneal=3': anneal and strategy shape the move to the SWA learning rate; give lr=X too")]
    [InlineData("2:lr=0.1,anneal=-1", "--swa = '2:lr=0.1,anneal=-1': anneal = '-1' is not allowed")]
    [InlineData("2:lr=0.1,strategy=step", "--swa strategy")]
    [InlineData("2:decay=0.9", "--swa = '2:decay=0.9': 'decay' is not a parameter of SWA; use lr, anneal or strategy")]
    public void BadSpec_ExitsTwo_NamingTheOption(string text, string message) =>
        CliRunner.AssertUsageError(CliRunner.Run([.. CliRunner.SmallTrain, "--epochs", "3", "--swa", text]), message);

    static void AssertClose(double[] expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]:R} vs {expected[i]:R}");
    }
}
