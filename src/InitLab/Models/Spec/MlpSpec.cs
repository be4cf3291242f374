namespace InitLab.Models.Spec;

/// <summary>A fully connected network: <c>mlp:784-256-128-100-10</c> or <c>resmlp:784-256x20-10</c>.</summary>
/// <remarks>
/// The first number is the input width, the last the class count; <see cref="Hidden"/> lists what lies
/// between, in order.
/// </remarks>
public sealed record MlpSpec : ModelSpec
{
    internal MlpSpec(ModelFamily family, int inputs, IReadOnlyList<HiddenLayer> hidden, int classes) : base(family, classes)
    {
        Inputs = inputs;
        Hidden = Array.AsReadOnly(hidden.ToArray());
    }

    /// <summary>The input width (784 for 28×28 images).</summary>
    public int Inputs { get; }

    /// <summary>The hidden layers and residual stages, in order.</summary>
    public IReadOnlyList<HiddenLayer> Hidden { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Prefix(Family)}:{string.Join("-", [Inputs.ToString(), .. Hidden.Select(h => h.ToString()), Classes.ToString()])}";

    /// <inheritdoc/>
    public bool Equals(MlpSpec? other) => base.Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => base.GetHashCode();
}

/// <summary>An item between the input width and the class count of an MLP spec.</summary>
public abstract record HiddenLayer
{
    private protected HiddenLayer() { }

    /// <summary>The item's canonical text.</summary>
    public abstract override string ToString();
}

/// <summary><c>N</c> (or <c>fN</c> in a CNN): a fully connected layer of width N, followed by the activation.</summary>
public sealed record DenseLayer : HiddenLayer
{
    internal DenseLayer(int width) => Width = width;

    /// <summary>The output width.</summary>
    public int Width { get; }

    /// <inheritdoc/>
    public override string ToString() => Width.ToString();
}

/// <summary><c>WxB</c>: B residual blocks of width W, each x + Linear(act(Linear(x))).</summary>
/// <remarks>When the incoming width differs from W, a projection layer (Linear, activation) comes first.</remarks>
public sealed record ResidualDenseStage : HiddenLayer
{
    internal ResidualDenseStage(int width, int blocks)
    {
        Width = width;
        Blocks = blocks;
    }

    /// <summary>The width of every block.</summary>
    public int Width { get; }

    /// <summary>The number of residual blocks.</summary>
    public int Blocks { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Width}x{Blocks}";
}
