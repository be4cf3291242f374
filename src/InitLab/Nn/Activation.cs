using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>An elementwise nonlinearity layer.</summary>
/// <param name="function">The nonlinearity.</param>
public sealed class Activation(ActivationFunction function) : Module
{
    /// <summary>The nonlinearity.</summary>
    public ActivationFunction Function { get; } = function ?? throw new ArgumentNullException(nameof(function));

    /// <inheritdoc/>
    public override string Describe() => Function.ToString();

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) => Ops.Activation(tape, Name, x, Function);
}
