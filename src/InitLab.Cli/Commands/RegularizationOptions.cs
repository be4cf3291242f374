using System.CommandLine;
using InitLab.Training;

namespace InitLab.Cli.Commands;

/// <summary><c>compare</c>'s fixed regularization options: every cell gets the same penalty, DropConnect, label smoothing and clipping.</summary>
internal sealed class RegularizationOptions
{
    readonly Option<double?> _l1 = new("--l1") { Description = "L1 penalty λ₁·Σ|w| on linear and conv weights, for every cell." };
    readonly Option<double?> _l2 = new("--l2") { Description = "L2 penalty (λ₂/2)·Σw² on linear and conv weights, for every cell." };
    readonly Option<double?> _dropConnect = new("--dropconnect") { Description = "DropConnect p on the weights of each hidden fully connected layer, for every cell." };
    readonly Option<double?> _labelSmoothing = new("--label-smoothing") { Description = "Label smoothing ε of the cross-entropy, for every cell." };
    readonly Option<double?> _clipNorm = new("--clip-norm") { Description = "Clip the gradients by their global L2 norm to this, for every cell." };
    readonly Option<double?> _clipValue = new("--clip-value") { Description = "Clamp every gradient element to [−c, c], for every cell." };

    /// <summary>Every option, in help order.</summary>
    public IReadOnlyList<Option> All => [_l1, _l2, _dropConnect, _labelSmoothing, _clipNorm, _clipValue];

    /// <summary><paramref name="template"/> with the options given.</summary>
    public TrainingConfig Apply(ParseResult result, TrainingConfig template) => template with
    {
        L1 = result.GetValue(_l1) ?? template.L1,
        L2 = result.GetValue(_l2) ?? template.L2,
        DropConnect = result.GetValue(_dropConnect) ?? template.DropConnect,
        LabelSmoothing = result.GetValue(_labelSmoothing) ?? template.LabelSmoothing,
        ClipNorm = result.GetValue(_clipNorm) ?? template.ClipNorm,
        ClipValue = result.GetValue(_clipValue) ?? template.ClipValue,
    };
}
