using InitLab.Models;
using InitLab.Training;

namespace InitLab.Lab;

/// <summary>One cross product of a comparison grid: every model × init × activation × norm × optimizer × learning rate (× weight decay × start).</summary>
/// <param name="Models">Model specs (docs/models.md).</param>
/// <param name="Inits">Weight schemes <c>NAME[:KEY=VALUE,...]</c> or model-level initializers (lsuv, fixup, …).</param>
/// <param name="Activations">Hidden activations, e.g. <c>relu</c>, <c>leaky_relu:0.2</c>.</param>
/// <param name="Norms">Normalizations.</param>
/// <param name="Optimizers">Optimizers.</param>
/// <param name="LearningRates">Learning rates.</param>
/// <param name="WeightDecays">Weight decays, or null for the template's (what <c>initlab search</c> varies; <c>compare</c> leaves it null).</param>
/// <param name="InitFroms">Pretrained weights to start from, null entries training from scratch (<c>compare --init-from scratch,DIR</c>), or null for the template's.</param>
/// <param name="Schedules">Learning-rate schedules (<c>--lr-schedule</c> with more than one value), or null for the template's.</param>
public sealed record GridAxes(
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Inits,
    IReadOnlyList<string> Activations,
    IReadOnlyList<Normalization> Norms,
    IReadOnlyList<OptimizerSpec> Optimizers,
    IReadOnlyList<double> LearningRates,
    IReadOnlyList<double>? WeightDecays = null,
    IReadOnlyList<Pretrained.PretrainedInit?>? InitFroms = null,
    IReadOnlyList<string>? Schedules = null)
{
    /// <summary>The number of cells: the product of the axes' lengths.</summary>
    public long Count => (long)Models.Count * Inits.Count * Activations.Count * Norms.Count * Optimizers.Count * LearningRates.Count * (WeightDecays?.Count ?? 1) * (InitFroms?.Count ?? 1) * (Schedules?.Count ?? 1);

    /// <summary>The cells' settings in row-major order (model slowest, learning rate fastest).</summary>
    public IEnumerable<CellSettings> Cells()
    {
        foreach (string model in Models)
            foreach (string init in Inits)
                foreach (string activation in Activations)
                    foreach (var norm in Norms)
                        foreach (var optimizer in Optimizers)
                            foreach (double lr in LearningRates)
                                foreach (double? decay in WeightDecays?.Select(w => (double?)w) ?? [null])
                                    foreach (var from in InitFroms ?? [null])
                                        foreach (string? schedule in Schedules?.Select(s => (string?)s) ?? [null])
                                            yield return new CellSettings(model, init, activation, norm, optimizer, lr, decay, from, schedule);
    }
}

/// <summary>What distinguishes one cell of a grid from another.</summary>
/// <param name="Model">The model spec.</param>
/// <param name="Init">The weight scheme or model-level initializer.</param>
/// <param name="Activation">The hidden activation.</param>
/// <param name="Norm">The normalization.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="LearningRate">The learning rate.</param>
/// <param name="WeightDecay">The cell's weight decay, or null for the template's.</param>
/// <param name="Schedule">The cell's learning-rate schedule, or null for the template's.</param>
/// <param name="InitFrom">The pretrained weights the cell starts from, or null for the template's (none in <c>compare</c>: from scratch).</param>
public sealed record CellSettings(string Model, string Init, string Activation, Normalization Norm, OptimizerSpec Optimizer, double LearningRate, double? WeightDecay = null,
    Pretrained.PretrainedInit? InitFrom = null, string? Schedule = null)
{
    /// <summary>How the cell's start is labelled: <c>scratch</c>, or <c>from NAME</c> with the last part of the weights' path.</summary>
    public string StartLabel => InitFrom is null ? "scratch" : "from " + Path.GetFileName(Path.TrimEndingDirectorySeparator(InitFrom.From));
}
