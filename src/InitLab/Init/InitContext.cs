using InitLab.Random;
using InitLab.Validation;

namespace InitLab.Init;

/// <summary>Everything a scheme needs besides its own parameters: the parameter's stream, how to read its fans, and threads.</summary>
/// <remarks>
/// A model builder makes one context per parameter: <c>new InitContext(new RandomStream(seed, "layers.3.weight"))</c>.
/// The weights are then a pure function of (seed, name, shape, scheme, fan rule, element type), the same for any
/// thread count. For a bias, pass the weight's fans: <c>new FanRule(fanIn: 784, fanOut: 256)</c>.
/// </remarks>
public sealed record InitContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="stream">The parameter's random stream.</param>
    /// <param name="fans">How fans are read from the shape; defaults to <see cref="FanRule.Default"/> (PyTorch's OutIn).</param>
    /// <param name="threads">Worker threads; 0 means every logical processor.</param>
    /// <exception cref="ArgumentOutOfRangeException">threads is negative.</exception>
    public InitContext(RandomStream stream, FanRule? fans = null, int threads = 0)
    {
        if (threads < 0) throw Guard.OutOfRange(nameof(threads), threads, "it must be ≥ 0 (0 = every logical processor)");
        Stream = stream;
        Fans = fans ?? FanRule.Default;
        Threads = threads;
    }

    /// <summary>A context with the flavor's weight layout and one group.</summary>
    public static InitContext For(RandomStream stream, Flavor flavor, int threads = 0) => new(stream, new FanRule(flavor.Layout()), threads);

    /// <summary>The parameter's random stream.</summary>
    public RandomStream Stream { get; }

    /// <summary>How fans are read from the shape; its layout and groups also place structured patterns (orthogonal, dirac).</summary>
    public FanRule Fans { get; }

    /// <summary>Worker threads; 0 means every logical processor.</summary>
    public int Threads { get; }
}
