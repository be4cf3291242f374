using InitLab.Models;
using InitLab.Tensors;

namespace InitLab.Init.Network;

/// <summary>What a model-level initializer may use besides the model: a data batch, a held-out batch and threads.</summary>
/// <param name="Batch">Images [B, …] the data-dependent initializers measure, or null when none is needed.</param>
/// <param name="HeldOut">Images not in <paramref name="Batch"/>, on which results are checked (LSUV reports their variance), or null.</param>
/// <param name="Threads">Worker threads (0 = every logical processor); results do not depend on it.</param>
/// <param name="Train">The labelled training set, for an initializer that learns from it (<see cref="ModelInitializer.NeedsLabels"/>), or null.</param>
/// <param name="Seed">The run's seed: it orders the batches a learning initializer reads and seeds its random batches.</param>
public sealed record ModelInitContext(Tensor? Batch = null, Tensor? HeldOut = null, int Threads = 0, Data.Dataset? Train = null, ulong Seed = 0);

/// <summary>An initializer of a whole network: it runs after the per-parameter schemes and may read the architecture and data.</summary>
/// <remarks>
/// Per-parameter schemes (<see cref="SchemeRegistry"/>) see one tensor's shape and fans. The methods here need more:
/// LSUV and weight-norm init forward a batch, Fixup counts residual branches, ReZero adds a branch scalar. The life
/// cycle, run by <see cref="ModelInit"/> (and so by <c>initlab train</c>):
/// <list type="number">
/// <item><see cref="Prepare"/> may change the architecture (ReZero's α, Fixup's scalars, weight-norm wrappers);</item>
/// <item>every parameter is initialized per tensor, weights with <see cref="BaseScheme"/> (e.g. orthogonal for LSUV);</item>
/// <item><see cref="Apply"/> adjusts the values and reports what it did.</item>
/// </list>
/// Registered by name in <see cref="ModelInitializers"/>, so <c>--init lsuv</c> works wherever <c>--init</c> does.
/// </remarks>
public abstract record ModelInitializer
{
    private protected ModelInitializer() { }

    /// <summary>The registry name, e.g. <c>lsuv</c>.</summary>
    public string Name => ModelInitializers.Info(GetType()).Name;

    /// <summary>The per-parameter weight scheme the method starts from, as <c>--init</c> text (e.g. <c>orthogonal</c>).</summary>
    public abstract string BaseScheme { get; }

    /// <summary>Whether <see cref="Apply"/> needs <see cref="ModelInitContext.Batch"/>.</summary>
    public virtual bool NeedsData => false;

    /// <summary>Whether <see cref="Apply"/> needs <see cref="ModelInitContext.Train"/> (GradInit's loss on labelled batches).</summary>
    public virtual bool NeedsLabels => false;

    /// <summary>The model with the architecture the method needs; the default keeps it.</summary>
    /// <exception cref="ArgumentException">The model does not suit the method (e.g. no residual blocks).</exception>
    public virtual Model Prepare(Model model) => model;

    /// <summary>Adjusts the initialized parameters of <paramref name="model"/> (built by <see cref="Prepare"/>) and says what it did.</summary>
    /// <exception cref="ArgumentException">The model does not suit the method, or a needed batch is missing.</exception>
    public abstract ModelInitReport Apply(Model model, ModelInitContext context);

    private protected static Tensor RequireBatch(ModelInitContext context, string method) =>
        context.Batch ?? throw new ArgumentException($"{method} measures the network on data; give the context a batch.", nameof(context));
}
