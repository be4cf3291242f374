namespace InitLab.Compute;

/// <summary>Per-thread scratch for convolution chunks (the unfolded input and the GEMM product), reused across calls.</summary>
internal static class ConvScratch
{
    [ThreadStatic] static float[]? _col;
    [ThreadStatic] static float[]? _product;

    public static Span<float> Col(int length) => Get(ref _col, length);

    public static Span<float> Product(int length) => Get(ref _product, length);

    static Span<float> Get(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new float[length];
        return buffer.AsSpan(0, length);
    }
}
