namespace InitLab.Numerics;

/// <summary>The arithmetic of a training run's matrix products (<c>--precision</c>).</summary>
/// <remarks>
/// <see cref="Bf16"/> is mixed precision in the manner of PyTorch's CPU autocast to bfloat16 (Kalamkar et al. 2019,
/// "A Study of BFLOAT16 for Deep Learning Training", arXiv:1905.12322): the weights the optimizer updates stay float32
/// (the master copy), and only the operands of the linear and convolution products are rounded to bfloat16. docs/training.md
/// lists which operations run in which precision.
/// </remarks>
public enum Precision
{
    /// <summary>Everything in float32.</summary>
    Fp32,

    /// <summary>Linear and convolution operands (weights, activations, output gradients) and outputs rounded to bfloat16, products accumulated in float32; everything else float32.</summary>
    Bf16,
}
