using InitLab.Init.DataDependent;
using InitLab.Init.Learned;
using InitLab.Init.Residual;

namespace InitLab.Init.Network;

/// <summary>A registry entry: a model-level initializer's name, aliases, what it does, its reference and how to build it.</summary>
/// <param name="Name">The canonical name (<c>--init NAME</c>).</param>
/// <param name="Aliases">Other accepted names.</param>
/// <param name="Type">The record type.</param>
/// <param name="Summary">What it does, in one line.</param>
/// <param name="Reference">The paper.</param>
/// <param name="Build">Builds the initializer from the options.</param>
public sealed record ModelInitializerInfo(string Name, IReadOnlyList<string> Aliases, Type Type, string Summary, string Reference,
    Func<ModelInitOptions, ModelInitializer> Build);

/// <summary>The registry of model-level initializers; <c>--init NAME</c> looks here first, then in <see cref="SchemeRegistry"/>.</summary>
/// <remarks>Names are case-insensitive and '_' equals '-'. The per-tensor part of ZerO is the catalog scheme <c>zero</c>.</remarks>
public static class ModelInitializers
{
    /// <summary>Every model-level initializer.</summary>
    public static IReadOnlyList<ModelInitializerInfo> All { get; } =
    [
        new("lsuv", [], typeof(Lsuv), "orthonormal init, then rescale each layer in forward order until its output variance on a batch is 1 ± tol",
            "Mishkin & Matas 2016, https://arxiv.org/abs/1511.06422", o => new Lsuv(o.LsuvTol, o.LsuvMaxIter, o.LsuvWhere, o.LsuvCenter)),
        new("weight-norm", ["wn-data"], typeof(WeightNormInit), "w = g·v/‖v‖, v ~ N(0, 0.05²); g, b set so every unit has mean 0 and std init_scale on a batch",
            "Salimans & Kingma 2016, https://arxiv.org/abs/1602.07868", o => new WeightNormInit(o.WnInitScale)),
        new("gradinit", [], typeof(GradInit), "scale every tensor of --init-base by a learned αₗ so that the first SGD/Adam step lowers the loss most, with ‖g‖ ≤ γ",
            "Zhu et al. 2021, https://arxiv.org/abs/2102.08098",
            o => new GradInit(o.InitBase, o.GradinitIters, o.GradinitLr, o.GradinitEta, o.GradinitGamma, o.GradinitAlg, o.GradinitMinScale, o.InitBatch)),
        new("metainit", [], typeof(MetaInit), "tune the norm of every weight of --init-base by signSGD so the gradient quotient on random data is small",
            "Dauphin & Schoenholz 2019, https://papers.nips.cc/paper/2019/hash/876e8108f87eb61877c6263228b67256-Abstract.html",
            o => new MetaInit(o.InitBase, o.MetainitIters, o.MetainitLr, o.MetainitMomentum, o.MetainitEps, o.InitBatch)),
        new("fixup", [], typeof(Fixup), "He init; each branch's last layer and the classifier 0; other branch layers × L^(−1/(2m−2)); scalar biases and multiplier",
            "Zhang, Dauphin & Ma 2019, https://arxiv.org/abs/1901.09321", _ => new Fixup()),
        new("rezero", ["skipinit"], typeof(ReZero), "x + α·f(x) with a learnable α = 0: every block is the identity at init",
            "Bachlechner et al. 2020, https://arxiv.org/abs/2003.04887; De & Smith 2020, https://arxiv.org/abs/2002.10444", _ => new ReZero()),
        new("zero-init-residual", [], typeof(ZeroInitResidual), "the last normalization γ of every residual branch = 0",
            "Goyal et al. 2017, https://arxiv.org/abs/1706.02677; torchvision zero_init_residual", _ => new ZeroInitResidual()),
        new("gpt2-scaled", [], typeof(Gpt2Scaled), "N(0, 0.02²); the last layer of every residual branch N(0, (0.02/√(2·L))²), L = residual blocks",
            "Radford et al. 2019 (GPT-2), https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf", _ => new Gpt2Scaled()),
        new("zero", [], typeof(ZeroResidual), "ZerO: partial identities and Hadamard matrices (catalog scheme zero); the last layer of every residual branch 0",
            "Zhao et al. 2022, https://arxiv.org/abs/2110.12661", _ => new ZeroResidual()),
    ];

    static readonly Dictionary<string, ModelInitializerInfo> ByName = All
        .SelectMany(e => e.Aliases.Prepend(e.Name).Select(n => (Key: SchemeRegistry.Key(n), Entry: e)))
        .ToDictionary(p => p.Key, p => p.Entry);

    static readonly Dictionary<Type, ModelInitializerInfo> ByType = All.ToDictionary(e => e.Type);

    /// <summary>The entry named by the scheme part of <paramref name="init"/> (<c>NAME[:…]</c>), or null when it names a per-tensor scheme.</summary>
    public static ModelInitializerInfo? Find(string init)
    {
        ArgumentNullException.ThrowIfNull(init);
        return ByName.GetValueOrDefault(SchemeRegistry.Key(init.Split(':', 2)[0]));
    }

    /// <summary>The entry of an initializer record type.</summary>
    public static ModelInitializerInfo Info(Type type) => ByType[type];

    /// <summary>Builds the initializer <paramref name="init"/> names, or null when it names a per-tensor scheme.</summary>
    /// <exception cref="ArgumentException">The text gives arguments (model-level initializers take theirs from <see cref="ModelInitOptions"/>).</exception>
    public static ModelInitializer? Create(string init, ModelInitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Find(init) is not { } entry)
            return null;
        if (init.Contains(':'))
            throw new ArgumentException($"--init = '{init}': {entry.Name} takes no KEY=VALUE arguments; its settings are options (--lsuv-tol, --wn-init-scale, …), " +
                                        "and initlab train can change the base weights with --init-override.");
        return entry.Build(options.Validate());
    }
}
