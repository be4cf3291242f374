using System.Runtime.InteropServices;

namespace InitLab.Compute;

/// <summary>
/// A per-thread, 64-byte-aligned scratch buffer for packed GEMM panels. It grows on demand and is freed by
/// its finalizer when the owning thread dies, so steady-state GEMM calls allocate nothing.
/// </summary>
internal sealed unsafe class PackBuffer
{
    /// <summary>Cache-line alignment keeps every vector load of a packed panel inside one line.</summary>
    const nuint Alignment = 64;

    [ThreadStatic] static PackBuffer? _a;
    [ThreadStatic] static PackBuffer? _b;

    float* _data;
    nint _length;

    /// <summary>The calling thread's buffer for packed A blocks.</summary>
    public static float* ForA(nint length) => Get(ref _a, length);

    /// <summary>The calling thread's buffer for packed B panels (distinct from <see cref="ForA"/>, as the caller also packs A).</summary>
    public static float* ForB(nint length) => Get(ref _b, length);

    /// <summary>At least <paramref name="length"/> floats from a buffer held in a caller's [ThreadStatic] slot.</summary>
    public static float* Get(ref PackBuffer? slot, nint length) => (slot ??= new PackBuffer()).Grow(length);

    float* Grow(nint length)
    {
        if (length > _length)
        {
            NativeMemory.AlignedFree(_data);
            _data = (float*)NativeMemory.AlignedAlloc((nuint)length * sizeof(float), Alignment);
            _length = length;
        }
        return _data;
    }

    ~PackBuffer() => NativeMemory.AlignedFree(_data);
}
