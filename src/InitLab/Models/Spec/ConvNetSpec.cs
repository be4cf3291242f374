namespace InitLab.Models.Spec;

/// <summary>A convolutional network: <c>cnn:c32-p-c64-p-f128-10</c> or <c>rescnn:c32-r32x3-p-r64x3-g-10</c>.</summary>
/// <remarks>
/// The input shape comes from the data (1×28×28 for Fashion-MNIST). <see cref="Features"/> act on
/// images; the output is flattened (or globally averaged, with <see cref="GlobalAvgPoolLayer"/>) before
/// the fully connected <see cref="Dense"/> layers and the final linear layer of <see cref="ModelSpec.Classes"/> outputs.
/// </remarks>
public sealed record ConvNetSpec : ModelSpec
{
    internal ConvNetSpec(ModelFamily family, IReadOnlyList<FeatureLayer> features, IReadOnlyList<DenseLayer> dense, int classes) : base(family, classes)
    {
        Features = Array.AsReadOnly(features.ToArray());
        Dense = Array.AsReadOnly(dense.ToArray());
    }

    /// <summary>The convolutions, pools and residual stages, in order; the first is a convolution.</summary>
    public IReadOnlyList<FeatureLayer> Features { get; }

    /// <summary>The hidden fully connected layers (<c>fN</c>), in order.</summary>
    public IReadOnlyList<DenseLayer> Dense { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Prefix(Family)}:{string.Join("-", [.. Features.Select(f => f.ToString()), .. Dense.Select(d => "f" + d), Classes.ToString()])}";

    /// <inheritdoc/>
    public bool Equals(ConvNetSpec? other) => base.Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => base.GetHashCode();
}

/// <summary>An item of a CNN spec that acts on images.</summary>
public abstract record FeatureLayer
{
    private protected FeatureLayer() { }

    /// <summary>The item's canonical text.</summary>
    public abstract override string ToString();
}

/// <summary><c>cN</c> or <c>cNkK</c>: a K×K convolution (K = 3 by default) with N output channels, stride 1, same padding (K − 1)/2, then the activation.</summary>
public sealed record ConvLayer : FeatureLayer
{
    /// <summary>The kernel size when the spec gives none.</summary>
    public const int DefaultKernel = 3;

    internal ConvLayer(int channels, int kernel)
    {
        Channels = channels;
        Kernel = kernel;
    }

    /// <summary>Output channels.</summary>
    public int Channels { get; }

    /// <summary>The odd kernel size K (K×K).</summary>
    public int Kernel { get; }

    /// <inheritdoc/>
    public override string ToString() => Kernel == DefaultKernel ? $"c{Channels}" : $"c{Channels}k{Kernel}";
}

/// <summary><c>p</c>: 2×2 max pooling with stride 2 (odd sizes round down).</summary>
public sealed record MaxPoolLayer : FeatureLayer
{
    internal MaxPoolLayer() { }

    /// <inheritdoc/>
    public override string ToString() => "p";
}

/// <summary><c>rNxB</c> (rescnn only): B residual blocks of N channels, each x + conv3×3(act(conv3×3(x))).</summary>
/// <remarks>When the incoming channel count differs from N, a projection (1×1 convolution, activation) comes first.</remarks>
public sealed record ResidualConvStage : FeatureLayer
{
    internal ResidualConvStage(int channels, int blocks)
    {
        Channels = channels;
        Blocks = blocks;
    }

    /// <summary>Channels of every block.</summary>
    public int Channels { get; }

    /// <summary>The number of residual blocks.</summary>
    public int Blocks { get; }

    /// <inheritdoc/>
    public override string ToString() => $"r{Channels}x{Blocks}";
}

/// <summary><c>g</c> (rescnn only, after the last image layer): global average pooling to one value per channel.</summary>
public sealed record GlobalAvgPoolLayer : FeatureLayer
{
    internal GlobalAvgPoolLayer() { }

    /// <inheritdoc/>
    public override string ToString() => "g";
}
