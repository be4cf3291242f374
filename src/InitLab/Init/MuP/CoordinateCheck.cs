using InitLab.Autograd;
using InitLab.Data;
using InitLab.Init.Network;
using InitLab.Models.Spec;
using InitLab.Nn;
using InitLab.Tensors;
using InitLab.Training;

namespace InitLab.Init.MuP;

/// <summary>One coordinate-check measurement: the mean |activation| of a layer's output at a step, for one width.</summary>
/// <param name="Width">The model's width (<see cref="SpecWidth"/>).</param>
/// <param name="Layer">The top-level layer, e.g. <c>layers.2</c>.</param>
/// <param name="Module">What the layer is, e.g. <c>Linear(784 → 256)</c> at the first width.</param>
/// <param name="Step">The step, 1-based: step 1 is the forward pass at init, step t follows t − 1 updates.</param>
/// <param name="L1">mean |x| over the batch and the layer's features.</param>
public sealed record CoordinateRow(int Width, string Layer, string Module, int Step, double L1);

/// <summary>The settings of a coordinate check.</summary>
/// <param name="Spec">The model; it is scaled to every width.</param>
/// <param name="Widths">The widths, each ≥ 1.</param>
/// <param name="Config">The training settings (optimizer, learning rate, activation, init, seed, parametrization); its model is replaced per width.</param>
/// <param name="Steps">Forward passes per width (updates between them).</param>
/// <param name="Batch">Images in the one fixed batch used at every step.</param>
/// <param name="Seeds">Each width is run with the config's seed and the next Seeds − 1 seeds, and mean |x| is averaged over them (mup's nseeds): at modest widths one draw of the weights moves a layer's value by several percent.</param>
public sealed record CoordinateCheckSettings(ModelSpec Spec, IReadOnlyList<int> Widths, TrainingConfig Config, int Steps = 3, int Batch = 64, int Seeds = 1);

/// <summary>The coordinate check (Yang &amp; Hu, Tensor Programs V, §7 / the mup package): how each layer's activation size changes with width during the first steps.</summary>
/// <remarks>
/// For every width the model is built and initialized as <c>initlab train</c> does (per-parameter schemes, the model-level
/// initializer, μP when <c>--parametrization mup</c>); then, on one fixed batch, step t records mean |x| of every top-level
/// layer's output in the forward pass, and an optimizer step follows. Under a correct μP the curves are flat in width;
/// under SP the output layer's grows with width after the first update. As in mup's own test, a zero readout gives
/// exactly 0 at step 1 for every width.
/// </remarks>
public static class CoordinateCheck
{
    /// <summary>Runs the check; rows are ordered by width, step, then layer.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or does not fit the data.</exception>
    public static IReadOnlyList<CoordinateRow> Run(CoordinateCheckSettings settings, DataSplits data, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        if (settings.Widths.Count == 0 || settings.Widths.Any(w => w < 1))
            throw new ArgumentException($"--widths = {string.Join(",", settings.Widths)} is not allowed; give one or more widths ≥ 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Seeds, 1);
        var rows = new List<CoordinateRow>();
        var baseConfig = settings.Config.InitOptions.Parametrization == Parametrization.Mup && settings.Config.InitOptions.BaseWidth is null
            ? settings.Config with { InitOptions = settings.Config.InitOptions with { BaseWidth = SpecWidth.Of(settings.Spec) } }
            : settings.Config;
        foreach (int width in settings.Widths)
        {
            var sums = new Dictionary<(string Layer, int Step), (string Module, double Sum)>();
            for (int k = 0; k < settings.Seeds; k++)
                foreach (var (layer, module, step, l1) in Measure(baseConfig with { Model = SpecWidth.At(settings.Spec, width).ToString(), Seed = baseConfig.Seed + (ulong)k },
                             settings, data, threads))
                    sums[(layer, step)] = (module, sums.GetValueOrDefault((layer, step)).Sum + l1);
            rows.AddRange(sums.OrderBy(p => p.Key.Step).Select(p => new CoordinateRow(width, p.Key.Layer, p.Value.Module, p.Key.Step, p.Value.Sum / settings.Seeds)));
        }
        return rows;
    }

    /// <summary>One model: (layer, module, step, mean |x|) for every top-level layer and step.</summary>
    static IEnumerable<(string Layer, string Module, int Step, double L1)> Measure(TrainingConfig config, CoordinateCheckSettings settings, DataSplits data, int threads)
    {
        var trainer = new Trainer(config, data, threads);
        int count = Math.Min(settings.Batch, data.Train.Count);
        var images = new Tensor([count, .. trainer.Model.InputShape]);
        var targets = new int[count];
        data.Train.Gather([.. Enumerable.Range(0, count)], images.Span, targets);
        var x = new Variable(images, requiresGrad: false);
        var layers = trainer.Model.Layers.Layers.Where(m => m is not (Flatten or Dropout)).ToList();
        var tape = new Tape(threads) { Seed = config.Seed };
        var results = new List<(string, string, int, double)>();
        for (int step = 1; step <= settings.Steps; step++)
        {
            tape.Reset();
            tape.Step = step - 1;
            var loss = Ops.SoftmaxCrossEntropy(tape, "loss", trainer.Model.Forward(tape, x), targets);
            var outputs = ModelLayers.LastOutputs(tape);
            foreach (var layer in layers)
                results.Add((layer.Name, layer.Describe(), step, MeanAbs(outputs[layer.Name].Span)));
            tape.Backward(loss);
            trainer.Optimizer.Step(tape);
        }
        return results;
    }

    static double MeanAbs(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
            sum += Math.Abs(v);
        return sum / values.Length;
    }
}
