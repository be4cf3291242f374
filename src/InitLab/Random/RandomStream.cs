using System.Text;

namespace InitLab.Random;

/// <summary>An independent random stream, identified by a seed and a parameter name.</summary>
/// <remarks>
/// The Philox key is the seed (k0 = low 32 bits, k1 = high 32 bits). The name enters the counter:
/// its hash H = splitmix64(FNV-1a-64(UTF-8 name)) fills counter words c2 = low 32 bits of H and
/// c3 = high 32 bits, while c0 and c1 hold the 64-bit block index. Two streams therefore differ
/// when either the seed or the name differs, and no stream depends on which others exist.
/// docs/random.md gives the full layout.
/// </remarks>
public readonly record struct RandomStream
{
    /// <summary>Creates the stream for <paramref name="name"/> under <paramref name="seed"/>.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="name">The parameter's hierarchical name, e.g. <c>layers.3.weight</c>; may be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public RandomStream(ulong seed, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Seed = seed;
        Name = name;
        NameHash = HashName(name);
    }

    /// <summary>The seed, used as the Philox key.</summary>
    public ulong Seed { get; }

    /// <summary>The parameter name that selects the stream.</summary>
    public string Name { get; }

    /// <summary>splitmix64(FNV-1a-64(UTF-8 bytes of <see cref="Name"/>)).</summary>
    public ulong NameHash { get; }

    internal (uint K0, uint K1) Key => ((uint)Seed, (uint)(Seed >> 32));

    internal (uint H0, uint H1) NameWords => ((uint)NameHash, (uint)(NameHash >> 32));

    /// <summary>A stream for a secondary purpose of the same parameter, named <c>Name + "#" + tag</c>.</summary>
    /// <param name="tag">What the sub-stream is for, e.g. <c>sparse-mask</c>.</param>
    public RandomStream Substream(string tag)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return new RandomStream(Seed, Name + "#" + tag);
    }

    /// <summary>The name hash: FNV-1a-64 over the UTF-8 bytes, then the splitmix64 finalizer.</summary>
    /// <remarks>FNV-1a alone mixes the last bytes weakly; the finalizer spreads every byte over all 64 bits.</remarks>
    public static ulong HashName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        const ulong fnvOffset = 0xCBF29CE484222325;
        const ulong fnvPrime = 0x100000001B3;
        ulong h = fnvOffset;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            h ^= b;
            h *= fnvPrime;
        }
        return SplitMix64Finalize(h);
    }

    static ulong SplitMix64Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <inheritdoc/>
    public override string ToString() => $"RandomStream(seed={Seed}, name=\"{Name}\")";
}
