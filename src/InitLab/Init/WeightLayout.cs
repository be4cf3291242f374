namespace InitLab.Init;

/// <summary>How the axes of a weight tensor map to input units, output units and the kernel.</summary>
/// <remarks>
/// The per-group channel axis holds c/groups, the other channel axis holds the total count c.
/// <see cref="FanRule"/> reads fan_in and fan_out from a shape under one of these layouts.
/// Edge names (CLI, JSON): out-in, in-out, out-in-transposed, in-out-transposed.
/// </remarks>
public enum WeightLayout
{
    /// <summary>[out, in/groups, *kernel]: PyTorch and TorchSharp Linear and ConvNd.</summary>
    OutIn,

    /// <summary>[*kernel, in/groups, out]: Keras, JAX and Flax Dense and Conv.</summary>
    InOut,

    /// <summary>[in, out/groups, *kernel]: PyTorch ConvTransposeNd.</summary>
    OutInTransposed,

    /// <summary>[*kernel, out/groups, in]: Keras ConvTranspose.</summary>
    InOutTransposed,
}
