using InitLab.Activations;
using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>An elementwise nonlinearity layer.</summary>
/// <param name="function">The nonlinearity.</param>
public sealed class ActivationLayer(Activation function) : Module
{
    /// <summary>The nonlinearity.</summary>
    public Activation Function { get; } = function ?? throw new ArgumentNullException(nameof(function));

    /// <inheritdoc/>
    public override string Describe() => Function.ToString();

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.Activate(tape, Name, x, Function);
}
