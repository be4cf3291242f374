using InitLab.Validation;

namespace InitLab.Compute;

/// <summary>Thread-count resolution, the work loop, range splitting and span-length checks shared by the compute kernels.</summary>
internal static class Parallelism
{
    /// <summary>0 means every logical processor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is negative.</exception>
    public static int Resolve(int threads)
    {
        if (threads < 0)
            throw Guard.OutOfRange(nameof(threads), threads, "it must be ≥ 0 (0 = every logical processor)");
        return threads == 0 ? Environment.ProcessorCount : threads;
    }

    /// <summary>Runs body(0 … count−1) on up to <paramref name="workers"/> threads (inline when one suffices).</summary>
    /// <remarks>
    /// Items are handed out one at a time, in order, from a shared counter: the calling thread and
    /// min(workers, count) − 1 pool threads each take the next item when they finish one. Parallel.For's partitioner
    /// hands out growing ranges instead, which on a dozen equal GEMM bands can leave one thread holding the last two
    /// while the other idles.
    /// </remarks>
    public static void For(int count, int workers, Action<int> body)
    {
        if (workers <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
                body(i);
            return;
        }
        int next = -1, threads = Math.Min(workers, count);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < count;)
                body(i);
        });
    }

    /// <summary>Part <paramref name="part"/> of [0, <paramref name="count"/>) cut into <paramref name="parts"/> contiguous ranges whose sizes differ by at most one.</summary>
    public static (int First, int Last) Split(int count, int parts, int part) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>Throws unless a span argument has exactly the length its geometry needs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The lengths differ.</exception>
    public static void RequireLength(int length, int expected, string name)
    {
        if (length != expected)
            throw Guard.OutOfRange(name, $"length {length}", $"the geometry needs {expected} elements");
    }
}
