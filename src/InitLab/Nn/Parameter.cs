using InitLab.Activations;
using InitLab.Autograd;
using InitLab.Tensors;

namespace InitLab.Nn;

/// <summary>What a parameter is for; it selects the default initialization (<c>--init</c>, <c>--bias-init</c>, or a constant).</summary>
public enum ParameterRole
{
    /// <summary>The weight of a linear or convolution layer: <c>--init</c>.</summary>
    Weight,

    /// <summary>The bias of a linear or convolution layer: <c>--bias-init</c>.</summary>
    Bias,

    /// <summary>A normalization's scale γ: ones.</summary>
    NormScale,

    /// <summary>A normalization's shift β: zeros.</summary>
    NormShift,

    /// <summary>The learnable scalar α on a residual branch (ReZero, SkipInit): zeros.</summary>
    BranchScale,
}

/// <summary>A learnable tensor with a stable hierarchical name (<c>layers.3.weight</c>) and what an initializer needs to know about it.</summary>
/// <remarks>
/// Weights are stored in PyTorch's OutIn layout: Linear [out, in], Conv2d [out, in, kh, kw]. Their fans are
/// fan_in = in·k̄ and fan_out = out·k̄ with receptive field k̄ = kh·kw (1 for Linear). A bias carries its weight's fans,
/// so fan-based bias schemes (PyTorch's U(±1/√fan_in)) apply. Normalization parameters and branch scales have no fans.
/// </remarks>
public sealed class Parameter : Variable
{
    /// <summary>Creates a zero parameter.</summary>
    /// <param name="localName">The name within its module, e.g. <c>weight</c>.</param>
    /// <param name="role">What the parameter is for.</param>
    /// <param name="shape">Its shape.</param>
    /// <param name="fanIn">fan_in, or 0 when the parameter has no fans.</param>
    /// <param name="fanOut">fan_out, or 0 when the parameter has no fans.</param>
    /// <param name="receptiveField">k̄, the product of the kernel's spatial sizes (1 for Linear, 0 without fans).</param>
    public Parameter(string localName, ParameterRole role, int[] shape, long fanIn = 0, long fanOut = 0, long receptiveField = 0)
        : base(new Tensor(shape), requiresGrad: true)
    {
        ArgumentException.ThrowIfNullOrEmpty(localName);
        Name = localName;
        Role = role;
        (FanIn, FanOut, ReceptiveField) = (fanIn, fanOut, receptiveField);
    }

    /// <summary>The full hierarchical name, e.g. <c>layers.3.weight</c>.</summary>
    public string Name { get; internal set; }

    /// <summary>What the parameter is for.</summary>
    public ParameterRole Role { get; }

    /// <summary>fan_in = in·k̄ (0 when the parameter has no fans).</summary>
    public long FanIn { get; }

    /// <summary>fan_out = out·k̄ (0 when the parameter has no fans).</summary>
    public long FanOut { get; }

    /// <summary>k̄, the kernel's spatial size product (1 for Linear, 0 without fans).</summary>
    public long ReceptiveField { get; }

    /// <summary>Whether the parameter has fans (weights and biases of linear and convolution layers).</summary>
    public bool HasFans => FanIn > 0;

    /// <summary>The activation that follows the parameter's layer (identity when none does); it sets the gain of gain-aware schemes.</summary>
    public Activation FollowingActivation { get; internal set; } = Activation.Identity;

    /// <summary>A factor on the optimizer's learning rate for this parameter (1 by default; μP sets it per layer).</summary>
    public double LearningRateMultiplier { get; set; } = 1;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Value}";
}
