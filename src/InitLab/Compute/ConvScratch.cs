namespace InitLab.Compute;

/// <summary>Per-thread scratch for convolutions, reused across calls.</summary>
internal static unsafe class ConvScratch
{
    [ThreadStatic] static float[]? _col;
    [ThreadStatic] static float[]? _product;
    [ThreadStatic] static PackBuffer? _planes;
    [ThreadStatic] static PackBuffer? _rows;
    [ThreadStatic] static PackBuffer? _result;
    [ThreadStatic] static PackBuffer? _packed;

    /// <summary>Zero-padded input planes of <see cref="ImplicitConv"/>.</summary>
    public static float* Planes(nint length) => PackBuffer.Get(ref _planes, length);

    /// <summary>The pixel-major rows a weight-gradient chunk reads its B operand from.</summary>
    public static float* Rows(nint length) => PackBuffer.Get(ref _rows, length);

    /// <summary>The implicit GEMM's output tile before it is cropped into place.</summary>
    public static float* Result(nint length) => PackBuffer.Get(ref _result, length);

    /// <summary>The packed output gradient of a weight-gradient chunk.</summary>
    public static float* Packed(nint length) => PackBuffer.Get(ref _packed, length);

    /// <summary>The unfolded input of an im2col chunk.</summary>
    public static Span<float> Col(int length) => Get(ref _col, length);

    /// <summary>The GEMM product of an im2col chunk.</summary>
    public static Span<float> Product(int length) => Get(ref _product, length);

    static Span<float> Get(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new float[length];
        return buffer.AsSpan(0, length);
    }
}
