using BenchmarkDotNet.Attributes;
using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Optim;
using InitLab.Tensors;
using InitLab.Training;

namespace InitLab.Bench;

/// <summary>One optimizer step alone (every parameter of the default <c>bench train</c> model), for each optimizer of the catalog.</summary>
/// <remarks>
/// Run: dotnet run -c Release --project bench/InitLab.Bench -- --filter '*OptimizerStepBenchmarks*' (OPTS='adam lamb' for a subset). The parameters are the tensors
/// of mlp:784-256-128-100-10 (247,766 values), their gradients fixed random values of order 10⁻²; each invocation is one
/// <see cref="Optimizer.Step"/>. The end-to-end pairing of <c>bench/optimizer_speed.sh</c> varies by ±10% from run to run on a shared
/// host; this isolates what an optimizer adds to a training step: its step time minus Adam's (or SGD's), divided by the training
/// step time 128/(images/s) of <c>initlab bench train</c>, bounds its slowdown of training.
/// </remarks>
[ShortRunJob]
[MinColumn]
public class OptimizerStepBenchmarks
{
    static readonly int[][] Shapes = [[256, 784], [256], [128, 256], [128], [100, 128], [100], [10, 100], [10]];
    Tape _tape = new(1);
    Optimizer _optimizer = null!;

    /// <summary>The optimizers, as <c>--opt</c> spells them: the catalog, or the space-separated list in the environment variable OPTS.</summary>
    public static IEnumerable<string> Optimizers =>
        Environment.GetEnvironmentVariable("OPTS") is { Length: > 0 } list ? list.Split(' ', StringSplitOptions.RemoveEmptyEntries) :
        ["sgd", "sgd:gc=true", "sgd:decoupled=true", "sgd:lookahead=5", "adam", "adam:gc=true", "adam:lookahead=5", "rmsprop",
         "rmsprop:momentum=0.9", "rmsprop:centered=true,momentum=0.9", "adagrad", "radam", "nadam", "lamb", "ranger"];

    /// <summary>The optimizer, as <c>--opt</c> spells it.</summary>
    [ParamsSource(nameof(Optimizers))]
    public string Opt { get; set; } = "adam";

    [GlobalSetup]
    public void Setup()
    {
        var parameters = Shapes.Select((shape, i) => new Parameter($"p{i}", shape.Length > 1 ? ParameterRole.Weight : ParameterRole.Bias, shape)).ToArray();
        var rng = new System.Random(0);
        foreach (var p in parameters)
            foreach (ref float w in p.Value.Span)
                w = (float)(rng.NextDouble() - 0.5) * 0.1f;
        _tape = new Tape(1);
        Variable loss = Ops.MeanSquaredError(_tape, "l0", parameters[0], Tensor.ZerosLike(parameters[0].Value));
        for (int i = 1; i < parameters.Length; i++)
            loss = Ops.Add(_tape, $"a{i}", loss, Ops.MeanSquaredError(_tape, $"l{i}", parameters[i], Tensor.ZerosLike(parameters[i].Value)));
        _tape.Backward(loss);
        foreach (var p in parameters)
            foreach (ref float g in p.Grad!.Span)
                g = (float)(rng.NextDouble() - 0.5) * 1e-2f;
        _optimizer = OptimizerSpec.Parse(Opt).Create(parameters, 1e-3, 0.9, 0);
    }

    /// <summary>One step over all eight tensors.</summary>
    [Benchmark]
    public long Step()
    {
        _optimizer.Step(_tape);
        return _optimizer.StepCount;
    }
}
