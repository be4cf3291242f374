namespace InitLab.Compute;

/// <summary>Resolves a requested thread count: 0 means every logical processor.</summary>
internal static class Parallelism
{
    public static int Resolve(int threads)
    {
        if (threads < 0)
            throw Validation.Guard.OutOfRange(nameof(threads), threads, "it must be ≥ 0 (0 = every logical processor)");
        return threads == 0 ? Environment.ProcessorCount : threads;
    }
}
