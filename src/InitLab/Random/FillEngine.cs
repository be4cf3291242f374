using System.Runtime.CompilerServices;
using InitLab.Numerics;

namespace InitLab.Random;

/// <summary>
/// Runs a stream kernel over a destination: splits the index range into group-aligned chunks, fills
/// them on up to <c>threads</c> threads, and narrows to the output type. Because each value is a pure
/// function of its stream index, the result is the same for every thread count and every split.
/// </summary>
internal static unsafe class FillEngine
{
    /// <summary>Groups per chunk: 64 groups keep the words and values of a chunk inside L2.</summary>
    const int ChunkGroups = 64;

    public static void Run<TKernel, TOut, T>(Span<T> destination, RandomStream stream, long offset, int threads, TKernel kernel)
        where TKernel : struct, IStreamKernel<TOut>
        where TOut : unmanaged
        where T : unmanaged
    {
        if (destination.IsEmpty)
            return;
        int perGroup = TKernel.ElementsPerGroup;
        long firstGroup = offset / perGroup;
        long endGroup = (offset + destination.Length + perGroup - 1) / perGroup;
        long chunks = (endGroup - firstGroup + ChunkGroups - 1) / ChunkGroups;
        int workers = (int)Math.Min(Compute.Parallelism.Resolve(threads), chunks);

        fixed (T* pointer = destination)
        {
            var target = (IntPtr)pointer;
            int length = destination.Length;
            if (workers <= 1)
            {
                for (long c = 0; c < chunks; c++)
                    FillChunk<TKernel, TOut, T>(target, length, stream, offset, firstGroup, endGroup, c, kernel);
                return;
            }
            Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers },
                c => FillChunk<TKernel, TOut, T>(target, length, stream, offset, firstGroup, endGroup, c, kernel));
        }
    }

    static void FillChunk<TKernel, TOut, T>(IntPtr target, int length, RandomStream stream, long offset, long firstGroup, long endGroup, long chunk, TKernel kernel)
        where TKernel : struct, IStreamKernel<TOut>
        where TOut : unmanaged
        where T : unmanaged
    {
        int perGroup = TKernel.ElementsPerGroup;
        long g0 = firstGroup + chunk * ChunkGroups;
        int groups = (int)Math.Min(ChunkGroups, endGroup - g0);
        var words = Scratch<uint>.Get(groups * Philox4x32.WordsPerGroup);
        Philox4x32.GenerateGroups(stream, g0, groups, words);

        // The chunk covers stream indices [g0·perGroup, …); keep the part inside [offset, offset + length).
        long chunkStart = g0 * perGroup;
        int count = groups * perGroup;
        long from = Math.Max(chunkStart, offset);
        long to = Math.Min(chunkStart + count, offset + length);
        var dest = new Span<T>((T*)target + (from - offset), (int)(to - from));
        if (typeof(TOut) == typeof(T) && from == chunkStart && to - from == count)
        {
            // The whole chunk lands in the destination in its own type: transform straight into it.
            kernel.Transform(words, System.Runtime.InteropServices.MemoryMarshal.Cast<T, TOut>(dest), g0);
            return;
        }
        var values = Scratch<TOut>.Get(count);
        kernel.Transform(words, values, g0);
        Narrow(values.Slice((int)(from - chunkStart), (int)(to - from)), dest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Narrow<TOut, T>(ReadOnlySpan<TOut> source, Span<T> dest) where TOut : unmanaged where T : unmanaged
    {
        if (typeof(TOut) == typeof(T))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<TOut, T>(source).CopyTo(dest);
        }
        else if (typeof(TOut) == typeof(float))
        {
            var src = System.Runtime.InteropServices.MemoryMarshal.Cast<TOut, float>(source);
            if (typeof(T) == typeof(Half))
                System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(src, System.Runtime.InteropServices.MemoryMarshal.Cast<T, Half>(dest));
            else if (typeof(T) == typeof(BFloat16))
            {
                var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, BFloat16>(dest);
                for (int i = 0; i < src.Length; i++)
                    d[i] = BFloat16.FromSingle(src[i]);
            }
            else throw Unsupported<T>();
        }
        else if (typeof(TOut) == typeof(double))
        {
            var src = System.Runtime.InteropServices.MemoryMarshal.Cast<TOut, double>(source);
            if (typeof(T) == typeof(float))
            {
                var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(dest);
                for (int i = 0; i < src.Length; i++)
                    d[i] = (float)src[i];
            }
            else if (typeof(T) == typeof(Half))
            {
                var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Half>(dest);
                for (int i = 0; i < src.Length; i++)
                    d[i] = (Half)src[i];
            }
            else if (typeof(T) == typeof(BFloat16))
            {
                var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, BFloat16>(dest);
                for (int i = 0; i < src.Length; i++)
                    d[i] = BFloat16.FromSingle((float)src[i]);
            }
            else throw Unsupported<T>();
        }
        else throw Unsupported<T>();
    }

    /// <summary>One value narrowed to the output type (round to nearest even; bfloat16 through float32, as the fills do).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Narrow<T>(double value)
    {
        if (typeof(T) == typeof(float)) return (T)(object)(float)value;
        if (typeof(T) == typeof(double)) return (T)(object)value;
        if (typeof(T) == typeof(Half)) return (T)(object)(Half)value;
        if (typeof(T) == typeof(BFloat16)) return (T)(object)BFloat16.FromSingle((float)value);
        throw Unsupported<T>();
    }

    internal static NotSupportedException Unsupported<T>() =>
        new($"Element type {typeof(T).Name} is not supported; use float, double, Half or BFloat16.");

    /// <summary>Per-thread scratch buffers, reused across chunks so the hot loop does not allocate.</summary>
    static class Scratch<TItem> where TItem : unmanaged
    {
        [ThreadStatic] static TItem[]? _buffer;

        public static Span<TItem> Get(int length)
        {
            var buffer = _buffer;
            if (buffer is null || buffer.Length < length)
                _buffer = buffer = new TItem[Math.Max(length, ChunkGroups * Philox4x32.WordsPerGroup)];
            return buffer.AsSpan(0, length);
        }
    }
}
