using InitLab.Autograd;
using InitLab.Tensors;

namespace InitLab.Nn;

/// <summary>Batch normalization over [N, C] (<see cref="BatchNorm1d"/>) or [N, C, H, W] (<see cref="BatchNorm2d"/>): PyTorch's momentum 0.1 and ε = 10⁻⁵.</summary>
public abstract class BatchNorm : Module
{
    private protected BatchNorm(int features, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        (Features, Rank) = (features, rank);
        Gamma = new Parameter("weight", ParameterRole.NormScale, [features]);
        Beta = new Parameter("bias", ParameterRole.NormShift, [features]);
        RunningMean = new Tensor(features);
        RunningVar = Tensor.Full(1f, features);
    }

    /// <summary>C.</summary>
    public int Features { get; }

    int Rank { get; }

    /// <summary>γ (named <c>weight</c>, as in PyTorch).</summary>
    public Parameter Gamma { get; }

    /// <summary>β (named <c>bias</c>, as in PyTorch).</summary>
    public Parameter Beta { get; }

    /// <summary>The running mean (starts at 0).</summary>
    public Tensor RunningMean { get; }

    /// <summary>The running unbiased variance (starts at 1).</summary>
    public Tensor RunningVar { get; }

    /// <summary>The factor m of the running statistics' update, (1 − m)·running + m·batch: PyTorch's default 0.1.</summary>
    /// <remarks>SWA's batch-norm update (<see cref="Training.StochasticWeightAveraging.UpdateBatchNorm"/>) sets it to 1/k for the k-th batch, which makes the running statistics the cumulative mean over the batches, as PyTorch's <c>momentum=None</c>.</remarks>
    public double Momentum { get; set; } = 0.1;

    /// <inheritdoc/>
    public override IEnumerable<Parameter> OwnParameters => [Gamma, Beta];

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor Value)> OwnBuffers => [("running_mean", RunningMean), ("running_var", RunningVar)];

    /// <inheritdoc/>
    public override string Describe() => $"BatchNorm{(Rank == 2 ? 1 : 2)}d({Features})";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x)
    {
        if (x.Value.Rank != Rank)
            throw new ArgumentException($"{Name}: {Describe()} needs a rank-{Rank} input; got {x.Value}.");
        return Ops.BatchNorm(tape, Name, x, Gamma, Beta, RunningMean, RunningVar, Momentum);
    }
}

/// <summary>Batch normalization of features [N, C].</summary>
/// <param name="features">C.</param>
public sealed class BatchNorm1d(int features) : BatchNorm(features, 2);

/// <summary>Batch normalization of channels [N, C, H, W].</summary>
/// <param name="channels">C.</param>
public sealed class BatchNorm2d(int channels) : BatchNorm(channels, 4);

/// <summary>Layer normalization over every axis but the batch (PyTorch <c>LayerNorm(shape)</c>, ε = 10⁻⁵), with elementwise γ and β.</summary>
public sealed class LayerNorm : Module
{
    /// <summary>Creates the layer for samples of <paramref name="shape"/> (e.g. [C, H, W]).</summary>
    public LayerNorm(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = (int[])shape.Clone();
        Gamma = new Parameter("weight", ParameterRole.NormScale, (int[])shape.Clone());
        Beta = new Parameter("bias", ParameterRole.NormShift, (int[])shape.Clone());
    }

    /// <summary>The normalized shape.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>γ (named <c>weight</c>).</summary>
    public Parameter Gamma { get; }

    /// <summary>β (named <c>bias</c>).</summary>
    public Parameter Beta { get; }

    /// <inheritdoc/>
    public override IEnumerable<Parameter> OwnParameters => [Gamma, Beta];

    /// <inheritdoc/>
    public override string Describe() => $"LayerNorm([{string.Join(", ", Shape)}])";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.LayerNorm(tape, Name, x, Gamma, Beta);
}
