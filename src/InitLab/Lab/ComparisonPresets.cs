using InitLab.Models;
using InitLab.Training;

namespace InitLab.Lab;

/// <summary>Grids that reproduce results from the literature (<c>initlab compare --preset NAME</c>); docs/results.md has each command, its figure and what the paper reports.</summary>
public static class ComparisonPresets
{
    /// <summary>The preset names, in the order of the documentation.</summary>
    public static IReadOnlyList<string> Names { get; } = ["quick", "glorot2010", "he2015", "sensitivity", "symmetry"];

    /// <summary>The grid of preset <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static ComparisonGrid Get(string name) => name switch
    {
        "quick" => Quick(),
        "glorot2010" => Glorot2010(),
        "he2015" => He2015(),
        "sensitivity" => Sensitivity(),
        "symmetry" => Symmetry(),
        _ => throw new ArgumentException($"--preset = '{name}' is not known; use {string.Join(", ", Names)}."),
    };

    /// <summary>A plain MLP of <paramref name="depth"/> hidden layers of <paramref name="width"/> units on 28×28 images.</summary>
    public static string Mlp(int depth, int width) => "mlp:784-" + string.Concat(Enumerable.Repeat($"{width}-", depth)) + "10";

    static GridAxes Axes(string[] models, string[] inits, string[] acts, Normalization[] norms, OptimizerKind opt, double lr) =>
        new(models, inits, acts, norms, [opt], [lr]);

    /// <summary>Six initializations, two of them bad, × relu and tanh on a 3-hidden-layer MLP, 3 seeds, 3 epochs of the embedded data: under a minute on 2 cores.</summary>
    static ComparisonGrid Quick() => new()
    {
        Name = "quick",
        Template = new TrainingConfig { Data = Data.DataSource.Embedded, Model = Mlp(3, 256), Epochs = 3, Batch = 64, Momentum = 0.9 },
        Blocks = [Axes([Mlp(3, 256)], ["he-normal", "glorot-uniform", "orthogonal", "lsuv", "normal:std=0.01", "normal:std=1"], ["relu", "tanh"],
            [Normalization.None], OptimizerKind.Sgd, 0.02)],
        Seeds = 3,
    };

    /// <summary>
    /// Glorot &amp; Bengio 2010 (https://proceedings.mlr.press/v9/glorot10a.html), Fig. 6 and 11: 5 hidden layers of 1000,
    /// sigmoid and tanh, the "standard" init U[−1/√n, 1/√n] (n = fan_in; PyTorch's default weight init is exactly it)
    /// against the "normalized" init U[±√(6/(fan_in + fan_out))], plain SGD.
    /// </summary>
    static ComparisonGrid Glorot2010() => new()
    {
        Name = "glorot2010",
        Template = new TrainingConfig { Data = Data.DataSource.FashionMnist, Model = Mlp(5, 1000), Epochs = 2, Batch = 32 },
        Blocks = [Axes([Mlp(5, 1000)], ["pytorch-default", "glorot-uniform"], ["sigmoid", "tanh"], [Normalization.None], OptimizerKind.Sgd, 0.1)],
        Seeds = 3,
    };

    /// <summary>
    /// He et al. 2015 (https://arxiv.org/abs/1502.01852), Fig. 3: a 30-layer plain ReLU network stalls with Xavier
    /// init and trains with He init; at 22 layers both train (He converges sooner). Here dense, 256 wide, no batch norm.
    /// </summary>
    static ComparisonGrid He2015() => new()
    {
        Name = "he2015",
        Template = new TrainingConfig { Data = Data.DataSource.FashionMnist, Model = Mlp(30, 256), Epochs = 2, Batch = 64, Momentum = 0.9 },
        Blocks = [Axes([Mlp(22, 256), Mlp(30, 256)], ["glorot-normal", "he-normal"], ["relu"], [Normalization.None], OptimizerKind.Sgd, 0.01)],
        Seeds = 3,
    };

    /// <summary>
    /// The seeds' thesis: batch norm, residual connections and adaptive optimizers make training less sensitive to
    /// initialization. 5 inits (two bad: N(0, 0.01²) and N(0, 1)) × {plain, batch norm, residual} × {SGD + momentum, Adam}, 3 seeds.
    /// </summary>
    static ComparisonGrid Sensitivity()
    {
        string[] inits = ["he-normal", "glorot-uniform", "orthogonal", "normal:std=0.01", "normal:std=1"];
        string plain = Mlp(4, 256), residual = "resmlp:784-256x2-10";
        GridAxes[] Of(OptimizerKind opt, double lr) =>
        [
            Axes([plain], inits, ["relu"], [Normalization.None, Normalization.Batch], opt, lr),
            Axes([residual], inits, ["relu"], [Normalization.None], opt, lr),
        ];
        return new ComparisonGrid
        {
            Name = "sensitivity",
            Template = new TrainingConfig { Data = Data.DataSource.FashionMnist, Model = plain, Epochs = 1, Batch = 128, Momentum = 0.9 },
            Blocks = [.. Of(OptimizerKind.Sgd, 0.02), .. Of(OptimizerKind.Adam, 0.001)],
            Seeds = 3,
        };
    }

    /// <summary>The symmetry problem: constant inits (zeros, ones, 0.05) against a random one; units of a constant-initialized layer stay identical.</summary>
    static ComparisonGrid Symmetry() => new()
    {
        Name = "symmetry",
        Template = new TrainingConfig { Data = Data.DataSource.Embedded, Model = Mlp(2, 64), Epochs = 3, Batch = 64, Momentum = 0.9 },
        Blocks = [Axes([Mlp(2, 64)], ["zeros", "ones", "constant:value=0.05", "he-normal"], ["tanh", "relu"], [Normalization.None], OptimizerKind.Sgd, 0.02)],
        Seeds = 2,
    };
}
