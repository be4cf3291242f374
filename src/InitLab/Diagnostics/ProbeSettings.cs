using InitLab.Validation;

namespace InitLab.Diagnostics;

/// <summary>How <see cref="SignalProbe"/> measures a model.</summary>
public sealed record ProbeSettings
{
    /// <summary>The loss to differentiate; <see cref="ProbeLoss.CrossEntropy"/> needs labels.</summary>
    public ProbeLoss Loss { get; init; } = ProbeLoss.GaussianReadout;

    /// <summary>The seed of the Gaussian readout and of stochastic layers.</summary>
    public ulong Seed { get; init; }

    /// <summary>The SGD learning rate for <see cref="LayerProbe.UpdateRatio"/>.</summary>
    public double LearningRate
    {
        get;
        init
        {
            Guard.Positive(value, nameof(LearningRate));
            field = value;
        }
    } = 0.01;

    /// <summary>Histogram bins.</summary>
    public int Bins
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Bins));
            field = value;
        }
    } = 50;

    /// <summary>The histogram range of post-activations by activation, or null for each tensor's own [min, max].</summary>
    public Func<Activations.Activation, (double Low, double High)?>? PostRange { get; init; }

    /// <summary>Whether to compute the input–output Jacobian spectrum (dense chains only); it costs one SVD of the Jacobian.</summary>
    public bool Jacobian { get; init; } = true;

    /// <summary>The batch row at which the Jacobian is taken.</summary>
    public int JacobianSample
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(JacobianSample));
            field = value;
        }
    }

    /// <summary>Worker threads for the kernels (0 = every logical processor); results do not depend on it.</summary>
    public int Threads
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Threads));
            field = value;
        }
    }
}
