using InitLab.Models;
using InitLab.Training;

namespace InitLab.Lab;

/// <summary>One cross product of a comparison grid: every model × init × activation × norm × optimizer × learning rate.</summary>
/// <param name="Models">Model specs (docs/models.md).</param>
/// <param name="Inits">Weight schemes <c>NAME[:KEY=VALUE,...]</c> or model-level initializers (lsuv, fixup, …).</param>
/// <param name="Activations">Hidden activations, e.g. <c>relu</c>, <c>leaky_relu:0.2</c>.</param>
/// <param name="Norms">Normalizations.</param>
/// <param name="Optimizers">Optimizers.</param>
/// <param name="LearningRates">Learning rates.</param>
public sealed record GridAxes(
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Inits,
    IReadOnlyList<string> Activations,
    IReadOnlyList<Normalization> Norms,
    IReadOnlyList<OptimizerKind> Optimizers,
    IReadOnlyList<double> LearningRates)
{
    /// <summary>The number of cells: the product of the axes' lengths.</summary>
    public long Count => (long)Models.Count * Inits.Count * Activations.Count * Norms.Count * Optimizers.Count * LearningRates.Count;

    /// <summary>The cells' settings in row-major order (model slowest, learning rate fastest).</summary>
    public IEnumerable<CellSettings> Cells()
    {
        foreach (string model in Models)
            foreach (string init in Inits)
                foreach (string activation in Activations)
                    foreach (var norm in Norms)
                        foreach (var optimizer in Optimizers)
                            foreach (double lr in LearningRates)
                                yield return new CellSettings(model, init, activation, norm, optimizer, lr);
    }
}

/// <summary>What distinguishes one cell of a grid from another.</summary>
public sealed record CellSettings(string Model, string Init, string Activation, Normalization Norm, OptimizerKind Optimizer, double LearningRate);
