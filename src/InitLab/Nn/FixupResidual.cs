using InitLab.Autograd;

namespace InitLab.Nn;

/// <summary>A Fixup residual block (Zhang, Dauphin &amp; Ma 2019): y = x + (s·f(x) + β_out), with a scalar bias before each weighted and activation layer of f.</summary>
/// <remarks>
/// The branch keeps its layers (and their parameter names, <c>branch.0.weight</c>, …); the block adds, as in the paper's
/// Figure 1, a learnable scalar bias β_i (named <c>shift{i}</c>, zero at init) before every Linear, Conv2d and activation
/// layer i of the branch, a scalar multiplier s (named <c>scale</c>, 1 at init once Fixup has run) after the branch, and a
/// scalar bias after the multiplier (<c>shift_out</c>). The shifts carry the role <see cref="ParameterRole.NormShift"/>
/// (zero, no fans) and the multiplier <see cref="ParameterRole.BranchScale"/>.
/// Zhang, Dauphin &amp; Ma 2019, "Fixup Initialization: Residual Learning Without Normalization", https://arxiv.org/abs/1901.09321.
/// </remarks>
public sealed class FixupResidual : Module
{
    readonly Parameter?[] _shifts;

    /// <summary>Wraps <paramref name="branch"/> (named <c>branch</c>).</summary>
    public FixupResidual(Sequential branch)
    {
        Branch = branch ?? throw new ArgumentNullException(nameof(branch));
        _shifts = [.. branch.Layers.Select((m, i) => m is Linear or Conv2d or ActivationLayer
            ? new Parameter("shift" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ParameterRole.NormShift, [1])
            : null)];
        Scale = new Parameter("scale", ParameterRole.BranchScale, [1]);
        ShiftOut = new Parameter("shift_out", ParameterRole.NormShift, [1]);
    }

    /// <summary>f.</summary>
    public Sequential Branch { get; }

    /// <summary>The multiplier s [1].</summary>
    public Parameter Scale { get; }

    /// <summary>The bias after the multiplier [1].</summary>
    public Parameter ShiftOut { get; }

    /// <summary>The scalar biases before the branch's weighted and activation layers, in order.</summary>
    public IEnumerable<Parameter> Shifts => _shifts.OfType<Parameter>();

    /// <inheritdoc/>
    public override IEnumerable<Parameter> OwnParameters => [.. Shifts, Scale, ShiftOut];

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Module Module)> Children => [("branch", Branch)];

    /// <inheritdoc/>
    public override string Describe() => "FixupResidual(x + s·f(x) + β)";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x)
    {
        var f = x;
        for (int i = 0; i < Branch.Layers.Count; i++)
        {
            if (_shifts[i] is { } shift)
                f = Ops.Shift(tape, Name, f, shift);
            f = Branch.Layers[i].Forward(tape, f);
        }
        f = Ops.Shift(tape, Name, Ops.Scale(tape, Name, f, Scale), ShiftOut);
        return Ops.Add(tape, Name, x, f);
    }
}
