using InitLab.Autograd;
using InitLab.Tensors;

namespace InitLab.Nn;

/// <summary>A residual block y = x + f(x), or y = x + α·f(x) with a learnable scalar α (ReZero, Bachlechner et al. 2020; SkipInit, De &amp; Smith 2020).</summary>
public sealed class Residual : Module
{
    /// <summary>Creates the block around <paramref name="branch"/> (named <c>branch</c>); α (named <c>alpha</c>) starts at 0 when present.</summary>
    public Residual(Sequential branch, bool learnableScale = false)
    {
        Branch = branch ?? throw new ArgumentNullException(nameof(branch));
        Alpha = learnableScale ? new Parameter("alpha", ParameterRole.BranchScale, [1]) : null;
    }

    /// <summary>f.</summary>
    public Sequential Branch { get; }

    /// <summary>α [1], or null for y = x + f(x).</summary>
    public Parameter? Alpha { get; }

    /// <inheritdoc/>
    public override IEnumerable<Parameter> OwnParameters => Alpha is null ? [] : [Alpha];

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Module Module)> Children => [("branch", Branch)];

    /// <inheritdoc/>
    public override string Describe() => Alpha is null ? "Residual(x + f(x))" : "Residual(x + α·f(x))";

    /// <inheritdoc/>
    public override Variable Forward(Tape tape, Variable x)
    {
        var f = Branch.Forward(tape, x);
        if (Alpha is not null)
            f = Ops.Scale(tape, Name, f, Alpha);
        return Ops.Add(tape, Name, x, f);
    }
}
