using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InitLab.Compute;

/// <summary>Measures this CPU's float32 fused-multiply-add ceiling, in GFLOP/s, so GEMM throughput can be reported as a fraction of it.</summary>
/// <remarks>
/// Each thread runs <see cref="Chains"/> independent FMA chains on the widest vector the CPU accelerates.
/// Independent chains hide the FMA latency (4 cycles on Zen 4, Zen 5 and recent Intel cores) behind its
/// throughput (2 per cycle), so the loop is bound only by the FMA ports. One FMA is 2 FLOP per lane.
/// </remarks>
public static class FmaPeak
{
    /// <summary>Independent accumulators: more than latency × throughput (4 × 2) so the ports never wait.</summary>
    const int Chains = 12;

    /// <summary>Runs the FMA loop for about <paramref name="seconds"/> on <paramref name="threads"/> threads at once and returns the total GFLOP/s.</summary>
    /// <param name="threads">Worker threads, each on its own chains (0 = every logical processor).</param>
    /// <param name="seconds">Wall time per measurement; the best of three is kept.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is negative or <paramref name="seconds"/> is not positive.</exception>
    public static double Measure(int threads = 0, double seconds = 0.2)
    {
        Validation.Guard.Positive(seconds, nameof(seconds));
        int workers = Parallelism.Resolve(threads);
        long iterations = Calibrate(seconds);
        double best = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Loop(iterations));
            double flops = (double)workers * iterations * Chains * 2 * Lanes;
            best = Math.Max(best, flops / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    static int Lanes => Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Fma.IsSupported ? Vector256<float>.Count : 1;

    static long Calibrate(double seconds)
    {
        long iterations = 1 << 16;
        while (true)
        {
            var clock = Stopwatch.StartNew();
            Loop(iterations);
            double elapsed = clock.Elapsed.TotalSeconds;
            if (elapsed > seconds / 8)
                return (long)(iterations * seconds / elapsed);
            iterations *= 4;
        }
    }

    static float Loop(long iterations)
    {
        if (Vector512.IsHardwareAccelerated)
            return Loop512(iterations);
        if (Fma.IsSupported)
            return Loop256(iterations);
        return LoopScalar(iterations);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Loop512(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var x = Vector512.Create(1e-7f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, x); a1 = Avx512F.FusedMultiplyAdd(a1, m, x);
            a2 = Avx512F.FusedMultiplyAdd(a2, m, x); a3 = Avx512F.FusedMultiplyAdd(a3, m, x);
            a4 = Avx512F.FusedMultiplyAdd(a4, m, x); a5 = Avx512F.FusedMultiplyAdd(a5, m, x);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, x); a7 = Avx512F.FusedMultiplyAdd(a7, m, x);
            a8 = Avx512F.FusedMultiplyAdd(a8, m, x); a9 = Avx512F.FusedMultiplyAdd(a9, m, x);
            a10 = Avx512F.FusedMultiplyAdd(a10, m, x); a11 = Avx512F.FusedMultiplyAdd(a11, m, x);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Loop256(long iterations)
    {
        var m = Vector256.Create(0.999999f);
        var x = Vector256.Create(1e-7f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, x); a1 = Fma.MultiplyAdd(a1, m, x);
            a2 = Fma.MultiplyAdd(a2, m, x); a3 = Fma.MultiplyAdd(a3, m, x);
            a4 = Fma.MultiplyAdd(a4, m, x); a5 = Fma.MultiplyAdd(a5, m, x);
            a6 = Fma.MultiplyAdd(a6, m, x); a7 = Fma.MultiplyAdd(a7, m, x);
            a8 = Fma.MultiplyAdd(a8, m, x); a9 = Fma.MultiplyAdd(a9, m, x);
            a10 = Fma.MultiplyAdd(a10, m, x); a11 = Fma.MultiplyAdd(a11, m, x);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float LoopScalar(long iterations)
    {
        float m = 0.999999f, x = 1e-7f;
        float a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = MathF.FusedMultiplyAdd(a0, m, x); a1 = MathF.FusedMultiplyAdd(a1, m, x);
            a2 = MathF.FusedMultiplyAdd(a2, m, x); a3 = MathF.FusedMultiplyAdd(a3, m, x);
            a4 = MathF.FusedMultiplyAdd(a4, m, x); a5 = MathF.FusedMultiplyAdd(a5, m, x);
            a6 = MathF.FusedMultiplyAdd(a6, m, x); a7 = MathF.FusedMultiplyAdd(a7, m, x);
            a8 = MathF.FusedMultiplyAdd(a8, m, x); a9 = MathF.FusedMultiplyAdd(a9, m, x);
            a10 = MathF.FusedMultiplyAdd(a10, m, x); a11 = MathF.FusedMultiplyAdd(a11, m, x);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }
}
