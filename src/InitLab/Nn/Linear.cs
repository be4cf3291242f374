using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>A fully connected layer y = x·Wᵀ + b (PyTorch <c>Linear</c>), W [out, in] in OutIn layout.</summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer with zero parameters (an initializer fills them).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A width is not positive.</exception>
    public Linear(int inputs, int outputs, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        (Inputs, Outputs) = (inputs, outputs);
        Weight = new Parameter("weight", ParameterRole.Weight, [outputs, inputs], inputs, outputs, 1);
        Bias = bias ? new Parameter("bias", ParameterRole.Bias, [outputs], inputs, outputs, 1) : null;
    }

    /// <summary>Input features.</summary>
    public int Inputs { get; }

    /// <summary>Output features.</summary>
    public int Outputs { get; }

    /// <summary>The DropConnect p on <see cref="Weight"/> in training mode (<see cref="Ops.DropConnect"/>); 0 for none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
    public double DropConnect
    {
        get;
        init => field = value >= 0 && value < 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(DropConnect), value, $"dropconnect p = {value} is not allowed; it must be in [0, 1).");
    }

    /// <summary>W [out, in].</summary>
    public Parameter Weight { get; }

    /// <summary>b [out], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override IEnumerable<Parameter> OwnParameters => Bias is null ? [Weight] : [Weight, Bias];

    /// <inheritdoc/>
    public override string Describe() => DropConnect > 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Linear({Inputs} → {Outputs}, DropConnect {DropConnect})")
        : $"Linear({Inputs} → {Outputs})";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x) =>
        Ops.Linear(tape, Name, x, DropConnect > 0 ? Ops.DropConnect(tape, Name, Weight, DropConnect) : Weight, Bias);
}
