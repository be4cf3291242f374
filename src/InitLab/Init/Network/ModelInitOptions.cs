using System.Text.Json.Serialization;

namespace InitLab.Init.Network;

/// <summary>Where LSUV measures a layer's output variance.</summary>
public enum LsuvPlacement
{
    /// <summary>The layer's own output, before its activation (the default: Mishkin &amp; Matas measure the convolution/inner-product blob).</summary>
    Pre,

    /// <summary>The output of the activation that follows the layer (the layer's own output when none follows).</summary>
    Post,
}

/// <summary>How parameters scale with width.</summary>
public enum Parametrization
{
    /// <summary>The standard parametrization: the per-parameter schemes as given, one learning rate.</summary>
    Sp,

    /// <summary>The maximal-update parametrization (Yang &amp; Hu, Tensor Programs V), relative to a base width.</summary>
    Mup,
}

/// <summary>The settings of the model-level initializers and of μP (<c>--lsuv-*</c>, <c>--init-base</c>, <c>--gradinit-*</c>, <c>--metainit-*</c>, <c>--parametrization</c>, <c>--base-width</c>, <c>--zero-readout</c>).</summary>
/// <remarks>Part of a training config (<c>init_options</c>); every field has the default the CLI documents.</remarks>
public sealed record ModelInitOptions
{
    /// <summary>LSUV stops when |Var − 1| &lt; this (<c>--lsuv-tol</c>; Mishkin &amp; Matas's Tol_var = 0.1).</summary>
    public double LsuvTol { get; init; } = 0.1;

    /// <summary>LSUV's most rescalings per layer (<c>--lsuv-max-iter</c>; T_max = 10).</summary>
    public int LsuvMaxIter { get; init; } = 10;

    /// <summary>Where LSUV measures (<c>--lsuv-where</c>).</summary>
    public LsuvPlacement LsuvWhere { get; init; } = LsuvPlacement.Pre;

    /// <summary>Whether LSUV first sets each layer's bias so that its outputs have mean 0 on the batch (<c>--lsuv-center</c>).</summary>
    public bool LsuvCenter { get; init; }

    /// <summary>GradInit and MetaInit: the per-tensor scheme whose scales they learn (<c>--init-base</c>).</summary>
    public string InitBase { get; init; } = "he-normal";

    /// <summary>GradInit: iterations T (<c>--gradinit-iters</c>).</summary>
    public int GradinitIters { get; init; } = 100;

    /// <summary>GradInit: Adam's learning rate τ on the scales (<c>--gradinit-lr</c>).</summary>
    public double GradinitLr { get; init; } = 0.01;

    /// <summary>GradInit: the learning rate η of the scored first step (<c>--gradinit-eta</c>).</summary>
    public double GradinitEta { get; init; } = 0.1;

    /// <summary>GradInit: the bound γ on the gradient norm (<c>--gradinit-gamma</c>).</summary>
    public double GradinitGamma { get; init; } = 1;

    /// <summary>GradInit: the optimizer A whose first step is scored (<c>--gradinit-alg</c>).</summary>
    public Learned.GradInitStep GradinitAlg { get; init; } = Learned.GradInitStep.Sgd;

    /// <summary>GradInit: the lower bound of a weight's scale (<c>--gradinit-min-scale</c>).</summary>
    public double GradinitMinScale { get; init; } = 0.01;

    /// <summary>MetaInit: iterations T (<c>--metainit-iters</c>).</summary>
    public int MetainitIters { get; init; } = 50;

    /// <summary>MetaInit: the signSGD learning rate on the weight norms (<c>--metainit-lr</c>).</summary>
    public double MetainitLr { get; init; } = 0.1;

    /// <summary>MetaInit: the momentum μ (<c>--metainit-momentum</c>).</summary>
    public double MetainitMomentum { get; init; } = 0.9;

    /// <summary>MetaInit: ε of the gradient quotient's denominator (<c>--metainit-eps</c>).</summary>
    public double MetainitEps { get; init; } = 1e-5;

    /// <summary>Images in the batch that data-dependent initializers measure (<c>--init-batch</c>).</summary>
    public int InitBatch { get; init; } = 256;

    /// <summary>Weight-norm data-dependent init: every unit's pre-activation gets this std on the batch (<c>--wn-init-scale</c>).</summary>
    public double WnInitScale { get; init; } = 1;

    /// <summary>The parametrization (<c>--parametrization</c>).</summary>
    public Parametrization Parametrization { get; init; } = Parametrization.Sp;

    /// <summary>μP's base width W₀ (<c>--base-width</c>); null means the model's own width, where μP equals SP.</summary>
    public int? BaseWidth { get; init; }

    /// <summary>μP: initialize the readout (classifier) weights to 0 (<c>--zero-readout</c>).</summary>
    public bool ZeroReadout { get; init; }

    /// <summary>Whether every field has its default.</summary>
    [JsonIgnore]
    public bool IsDefault => this == new ModelInitOptions();

    /// <summary>Checks every field; messages name the CLI option.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public ModelInitOptions Validate()
    {
        if (!(LsuvTol > 0 && LsuvTol < 1))
            throw new ArgumentException($"--lsuv-tol = {LsuvTol} is not allowed; it must be in (0, 1).");
        if (LsuvMaxIter < 1)
            throw new ArgumentException($"--lsuv-max-iter = {LsuvMaxIter} is not allowed; it must be ≥ 1.");
        if (!Enum.IsDefined(LsuvWhere))
            throw new ArgumentException($"--lsuv-where = {LsuvWhere} is not allowed; use pre or post.");
        if (string.IsNullOrWhiteSpace(InitBase) || ModelInitializers.Find(InitBase) is not null)
            throw new ArgumentException($"--init-base = '{InitBase}' is not allowed; give a per-tensor scheme (e.g. he-normal, normal:std=0.01), not a model-level initializer.");
        if (GradinitIters < 1)
            throw new ArgumentException($"--gradinit-iters = {GradinitIters} is not allowed; it must be ≥ 1.");
        Positive(GradinitLr, "--gradinit-lr");
        Positive(GradinitEta, "--gradinit-eta");
        Positive(GradinitGamma, "--gradinit-gamma");
        if (!Enum.IsDefined(GradinitAlg))
            throw new ArgumentException($"--gradinit-alg = {GradinitAlg} is not allowed; use sgd or adam.");
        if (!(GradinitMinScale >= 0 && GradinitMinScale < 1))
            throw new ArgumentException($"--gradinit-min-scale = {GradinitMinScale} is not allowed; it must be in [0, 1).");
        if (MetainitIters < 1)
            throw new ArgumentException($"--metainit-iters = {MetainitIters} is not allowed; it must be ≥ 1.");
        Positive(MetainitLr, "--metainit-lr");
        if (!(MetainitMomentum >= 0 && MetainitMomentum < 1))
            throw new ArgumentException($"--metainit-momentum = {MetainitMomentum} is not allowed; it must be in [0, 1).");
        Positive(MetainitEps, "--metainit-eps");
        if (InitBatch < 2)
            throw new ArgumentException($"--init-batch = {InitBatch} is not allowed; a variance needs at least 2 images.");
        if (!(WnInitScale > 0) || !double.IsFinite(WnInitScale))
            throw new ArgumentException($"--wn-init-scale = {WnInitScale} is not allowed; it must be finite and > 0.");
        if (!Enum.IsDefined(Parametrization))
            throw new ArgumentException($"--parametrization = {Parametrization} is not allowed; use sp or mup.");
        if (BaseWidth is < 1)
            throw new ArgumentException($"--base-width = {BaseWidth} is not allowed; it must be ≥ 1.");
        if (Parametrization == Parametrization.Sp && (BaseWidth is not null || ZeroReadout))
            throw new ArgumentException("--base-width and --zero-readout apply to --parametrization mup only.");
        return this;
    }

    static void Positive(double value, string option)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentException($"{option} = {value} is not allowed; it must be finite and > 0.");
    }
}
