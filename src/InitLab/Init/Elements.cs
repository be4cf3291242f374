using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using InitLab.Random;

namespace InitLab.Init;

/// <summary>Converts computed values to the output element type (float, double, Half, BFloat16; round to nearest even).</summary>
internal static class Elements
{
    public static T From<T>(double value) where T : unmanaged => FillEngine.Narrow<T>(value);

    /// <summary>Writes <paramref name="scale"/>·<paramref name="source"/>[i] into <paramref name="destination"/>[i].</summary>
    public static void Scaled<TSource, T>(ReadOnlySpan<TSource> source, Span<T> destination, double scale)
        where TSource : unmanaged where T : unmanaged
    {
        if (typeof(TSource) == typeof(T) && typeof(T) == typeof(float))
        {
            TensorPrimitives.Multiply(MemoryMarshal.Cast<TSource, float>(source), (float)scale, MemoryMarshal.Cast<T, float>(destination));
            return;
        }
        for (int i = 0; i < source.Length; i++)
            destination[i] = From<T>(scale * ToDouble(source[i]));
    }

    static double ToDouble<TSource>(TSource value) where TSource : unmanaged =>
        typeof(TSource) == typeof(float) ? (float)(object)value : (double)(object)value;
}
