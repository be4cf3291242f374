using System.Text.Json.Serialization;

namespace InitLab.Init;

/// <summary>A framework whose conventions InitLab reproduces in distribution.</summary>
/// <remarks>
/// The flavor is applied once, when a scheme or a context is built (<see cref="SchemeRegistry.Create"/>,
/// <see cref="InitContext.For"/>); the resulting records state every choice explicitly.
/// <list type="table">
/// <item><term>layout</term><description>pytorch OutIn; keras and jax InOut.</description></item>
/// <item><term>glorot-normal, he-normal, lecun-normal</term><description>pytorch untruncated; keras and jax truncated at ±2σ with the 0.87962566103423978 correction.</description></item>
/// <item><term>uniform, normal, truncated-normal defaults</term><description>pytorch U[0, 1), N(0, 1), N(0, 1) on the absolute bounds [−2, 2];
/// keras U[−0.05, 0.05), N(0, 0.05²), N(0, 0.05²) on mean ± 2·std; jax U[0, 0.01), N(0, 0.01²), N(0, 0.01²) on mean ± 2·std.</description></item>
/// <item><term>kernel centre (dirac, delta-orthogonal)</term><description>pytorch k/2 (rounded down); keras and jax (k−1)/2.</description></item>
/// </list>
/// </remarks>
public enum Flavor
{
    /// <summary>PyTorch (torch.nn.init), the default.</summary>
    [JsonStringEnumMemberName("pytorch")]
    PyTorch,

    /// <summary>Keras 3 (keras.initializers).</summary>
    Keras,

    /// <summary>JAX (jax.nn.initializers) and Flax.</summary>
    Jax,
}

/// <summary>The conventions each <see cref="Flavor"/> stands for.</summary>
public static class Flavors
{
    /// <summary>The weight layout of the flavor's layers.</summary>
    public static WeightLayout Layout(this Flavor flavor) => flavor == Flavor.PyTorch ? WeightLayout.OutIn : WeightLayout.InOut;

    /// <summary>Whether the flavor's glorot_normal, he_normal and lecun_normal are truncated at ±2σ.</summary>
    public static bool TruncatesNamedNormals(this Flavor flavor) => flavor != Flavor.PyTorch;

    /// <summary>Where the flavor puts the centre tap of a kernel of even size.</summary>
    public static KernelCentre Centre(this Flavor flavor) => flavor == Flavor.PyTorch ? KernelCentre.Upper : KernelCentre.Lower;

    /// <summary>The default scale of the flavor's plain uniform, normal and truncated-normal initializers.</summary>
    internal static double DefaultSpread(this Flavor flavor) => flavor switch
    {
        Flavor.PyTorch => 1,
        Flavor.Keras => 0.05,
        _ => 0.01,
    };
}

/// <summary>Which tap is the centre of a kernel of size k; the two rules differ only for even k.</summary>
public enum KernelCentre
{
    /// <summary>⌊k/2⌋, as PyTorch's <c>dirac_</c>.</summary>
    Upper,

    /// <summary>⌊(k−1)/2⌋, as JAX's <c>delta_orthogonal</c>.</summary>
    Lower,
}
