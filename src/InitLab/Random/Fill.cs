using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using InitLab.Numerics;
using InitLab.Validation;

namespace InitLab.Random;

/// <summary>Fills spans and tensors from a <see cref="RandomStream"/>, vectorized and multi-threaded.</summary>
/// <remarks>
/// Element i of the destination is stream value <c>offset + i</c>; the value is a pure function of
/// (seed, name, offset + i, distribution parameters, element type), so any split of a parameter into
/// shards filled with matching offsets reproduces the whole, for any <c>threads</c>.
/// Supported element types: <see cref="float"/>, <see cref="double"/>, <see cref="Half"/> and
/// <see cref="BFloat16"/>. Half and bfloat16 values are the float32 values rounded to nearest even.
/// docs/random.md specifies every transform.
/// </remarks>
public static class Fill
{
    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    /// <param name="destination">The elements to fill.</param>
    /// <param name="value">The constant; it must be finite.</param>
    /// <param name="threads">Worker threads; 0 means every logical processor.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite, or threads is negative.</exception>
    public static unsafe void Constant<T>(Span<T> destination, double value, int threads = 0) where T : unmanaged
    {
        Guard.Finite(value, nameof(value));
        T constant = FillEngine.Narrow<T>(value);
        int workers = Compute.Parallelism.Resolve(threads);
        const int chunk = 1 << 18;
        int chunks = (destination.Length + chunk - 1) / chunk;
        fixed (T* pointer = destination)
        {
            if (workers <= 1 || chunks <= 1)
            {
                ConstantStreaming(pointer, destination.Length, constant);
                return;
            }
            var target = (IntPtr)pointer;
            int length = destination.Length;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
            {
                int start = c * chunk;
                ConstantStreaming((T*)target + start, Math.Min(chunk, length - start), constant);
            });
        }
    }

    /// <summary>
    /// Sets <paramref name="length"/> elements at <paramref name="pointer"/> to <paramref name="value"/>; large runs use
    /// non-temporal 64-byte stores, which skip the read-for-ownership of ordinary stores, so a big constant fill runs at
    /// the memory's write bandwidth (the ceiling <c>initlab bench fill</c> reports).
    /// </summary>
    static unsafe void ConstantStreaming<T>(T* pointer, int length, T value) where T : unmanaged
    {
        const int streamingBytes = 1 << 20;
        long bytes = (long)length * sizeof(T);
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || bytes < streamingBytes || 64 % sizeof(T) != 0)
        {
            new Span<T>(pointer, length).Fill(value);
            return;
        }
        // Ordinary stores up to the first 64-byte boundary, streaming stores for whole lines, ordinary for the tail.
        int head = (int)(((64 - ((nint)pointer & 63)) & 63) / sizeof(T));
        new Span<T>(pointer, head).Fill(value);
        T* lines = pointer + head;
        int lineCount = (int)((length - head) * (long)sizeof(T) / 64);
        var line = new T[64 / sizeof(T)];
        line.AsSpan().Fill(value);
        var pattern = System.Runtime.Intrinsics.Vector512.Create<byte>(MemoryMarshal.AsBytes(line.AsSpan()));
        byte* p = (byte*)lines;
        for (int i = 0; i < lineCount; i++)
            System.Runtime.Intrinsics.X86.Avx512F.StoreAlignedNonTemporal(p + 64L * i, pattern);
        System.Runtime.Intrinsics.X86.Sse.StoreFence();
        int done = head + (int)(lineCount * 64L / sizeof(T));
        new Span<T>(pointer + done, length - done).Fill(value);
    }


    /// <summary>Fills with U[low, high).</summary>
    /// <remarks>
    /// float32 (and Half, bfloat16): u = (w ≫ 8)·2⁻²⁴ from one 32-bit word, x = low + (high − low)·u in float32.
    /// float64: u = m·2⁻⁵³ from a 53-bit integer m built from two words. In both, x is clamped into the
    /// representable part of [low, high), so no value ever equals high.
    /// </remarks>
    /// <param name="destination">The elements to fill.</param>
    /// <param name="stream">The parameter's stream.</param>
    /// <param name="low">Inclusive lower bound; finite.</param>
    /// <param name="high">Exclusive upper bound; finite and &gt; low.</param>
    /// <param name="offset">Stream index of the first element.</param>
    /// <param name="threads">Worker threads; 0 means every logical processor.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, low ≥ high, or no value of T lies in [low, high).</exception>
    public static void Uniform<T>(Span<T> destination, RandomStream stream, double low, double high, long offset = 0, int threads = 0) where T : unmanaged
    {
        Guard.Finite(low, nameof(low));
        Guard.Finite(high, nameof(high));
        Guard.Less(low, high, nameof(low), nameof(high));
        CheckOffset(offset, destination.Length);
        double lowest = Representable.Ceiling<T>(low);
        double highest = Representable.Below<T>(high);
        if (!(lowest <= highest))
            throw Guard.OutOfRange(nameof(high), high, $"no {typeof(T).Name} value lies in [low = {Guard.Format(low)}, high); widen the interval");
        if (typeof(T) == typeof(double))
        {
            double range = high - low;
            Guard.Finite(range, "high - low");
            FillEngine.Run<UniformDoubleKernel, double, T>(destination, stream, offset, threads, new UniformDoubleKernel(low, range, lowest, highest));
        }
        else
        {
            float range = (float)high - (float)low;
            Guard.Finite(range, "high - low");
            FillEngine.Run<UniformSingleKernel, float, T>(destination, stream, offset, threads,
                new UniformSingleKernel((float)low, range, (float)lowest, (float)highest));
        }
    }

    /// <summary>Fills with N(mean, std²), untruncated.</summary>
    /// <remarks>
    /// Box–Muller: z₀ = r·cos θ, z₁ = r·sin θ with r = √(−2 ln u₁) and θ = 2π·u₂. float32 uses one word per
    /// uniform (so |z| ≤ 6.66), float64 uses 53-bit uniforms (|z| ≤ 8.57).
    /// </remarks>
    /// <param name="destination">The elements to fill.</param>
    /// <param name="stream">The parameter's stream.</param>
    /// <param name="mean">The mean; finite.</param>
    /// <param name="std">The standard deviation; finite and &gt; 0.</param>
    /// <param name="offset">Stream index of the first element.</param>
    /// <param name="threads">Worker threads; 0 means every logical processor.</param>
    /// <exception cref="ArgumentOutOfRangeException">mean is not finite, or std is not finite and positive.</exception>
    public static void Normal<T>(Span<T> destination, RandomStream stream, double mean, double std, long offset = 0, int threads = 0) where T : unmanaged
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(std, nameof(std));
        CheckOffset(offset, destination.Length);
        if (typeof(T) == typeof(double))
            FillEngine.Run<NormalDoubleKernel, double, T>(destination, stream, offset, threads, new NormalDoubleKernel(mean, std));
        else
        {
            CheckType<T>();
            FillEngine.Run<NormalSingleKernel, float, T>(destination, stream, offset, threads, new NormalSingleKernel((float)mean, (float)std));
        }
    }

    /// <summary>Fills with N(mean, std²) truncated to the absolute bounds [low, high] (PyTorch's <c>trunc_normal_</c> semantics).</summary>
    /// <remarks>
    /// Two exact methods, chosen by the mass Z = Φ(β) − Φ(α), α = (low − mean)/std, β = (high − mean)/std:
    /// <list type="bullet">
    /// <item>float-family outputs with Z ≥ 0.75 (e.g. ±2σ, or std 0.02 with ±2): rejection from the float32
    /// normal stream, retrying rejected positions from the sub-streams <c>retry1</c>, <c>retry2</c>, … (see docs/random.md);</item>
    /// <item>otherwise (and always for float64): inversion, z = Φ⁻¹(Φ(α) + u·Z) with Φ⁻¹ by Wichura's AS 241
    /// (relative error ≈ 1e-16) and u an open 53-bit uniform. Intervals right of the mean are mirrored so the CDF is
    /// evaluated in the dense lower tail; deep tails such as [3σ, 6σ] are exact.</item>
    /// </list>
    /// Values never leave the bounds rounded inward to T; no NaN is produced.
    /// </remarks>
    /// <param name="destination">The elements to fill.</param>
    /// <param name="stream">The parameter's stream.</param>
    /// <param name="mean">Mean of the parent normal; finite.</param>
    /// <param name="std">Std of the parent normal; finite and &gt; 0.</param>
    /// <param name="low">Lower bound (absolute); may be −∞.</param>
    /// <param name="high">Upper bound (absolute); may be +∞; &gt; low.</param>
    /// <param name="offset">Stream index of the first element.</param>
    /// <param name="threads">Worker threads; 0 means every logical processor.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is NaN or out of range, or the bounds leave no probability mass.</exception>
    public static void TruncatedNormal<T>(Span<T> destination, RandomStream stream, double mean, double std, double low, double high, long offset = 0, int threads = 0)
        where T : unmanaged
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(std, nameof(std));
        Guard.NotNaN(low, nameof(low));
        Guard.NotNaN(high, nameof(high));
        Guard.Less(low, high, nameof(low), nameof(high));
        CheckOffset(offset, destination.Length);
        var kernel = CreateTruncated<T>(mean, std, low, high);
        if (typeof(T) != typeof(double) && kernel.Mass >= TruncatedNormalRejectionKernel.MinimumMass)
        {
            CheckType<T>();
            var rejection = new TruncatedNormalRejectionKernel(stream, mean, std, Representable.Ceiling<T>(low), Representable.Floor<T>(high), kernel);
            FillEngine.Run<TruncatedNormalRejectionKernel, float, T>(destination, stream, offset, threads, rejection);
        }
        else
        {
            FillEngine.Run<TruncatedNormalKernel, double, T>(destination, stream, offset, threads, kernel);
        }
    }

    /// <summary>Fills with N(mean, std²) truncated at mean ± k·std (the Keras/JAX/TF convention, with k = 2 there).</summary>
    /// <param name="destination">The elements to fill.</param>
    /// <param name="stream">The parameter's stream.</param>
    /// <param name="mean">Mean of the parent normal; finite.</param>
    /// <param name="std">Std of the parent normal (before truncation); finite and &gt; 0.</param>
    /// <param name="k">Half-width of the interval in units of std; finite and &gt; 0.</param>
    /// <param name="offset">Stream index of the first element.</param>
    /// <param name="threads">Worker threads; 0 means every logical processor.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static void TruncatedNormalSigma<T>(Span<T> destination, RandomStream stream, double mean, double std, double k, long offset = 0, int threads = 0)
        where T : unmanaged
    {
        Guard.Positive(k, nameof(k));
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(std, nameof(std));
        TruncatedNormal(destination, stream, mean, std, mean - k * std, mean + k * std, offset, threads);
    }

    /// <summary>Fills a tensor with U[low, high); element i in row-major order is stream value i.</summary>
    /// <inheritdoc cref="Uniform{T}(Span{T}, RandomStream, double, double, long, int)"/>
    public static void Uniform<T>(TensorSpan<T> destination, RandomStream stream, double low, double high, int threads = 0) where T : unmanaged =>
        ThroughSpan(destination, span => Uniform(span, stream, low, high, 0, threads));

    /// <summary>Fills a tensor with N(mean, std²); element i in row-major order is stream value i.</summary>
    /// <inheritdoc cref="Normal{T}(Span{T}, RandomStream, double, double, long, int)"/>
    public static void Normal<T>(TensorSpan<T> destination, RandomStream stream, double mean, double std, int threads = 0) where T : unmanaged =>
        ThroughSpan(destination, span => Normal(span, stream, mean, std, 0, threads));

    /// <summary>Fills a tensor with a normal truncated to [low, high]; element i in row-major order is stream value i.</summary>
    /// <inheritdoc cref="TruncatedNormal{T}(Span{T}, RandomStream, double, double, double, double, long, int)"/>
    public static void TruncatedNormal<T>(TensorSpan<T> destination, RandomStream stream, double mean, double std, double low, double high, int threads = 0)
        where T : unmanaged =>
        ThroughSpan(destination, span => TruncatedNormal(span, stream, mean, std, low, high, 0, threads));

    /// <summary>Sets every element of a tensor to <paramref name="value"/>.</summary>
    /// <inheritdoc cref="Constant{T}(Span{T}, double, int)"/>
    public static void Constant<T>(TensorSpan<T> destination, double value, int threads = 0) where T : unmanaged =>
        ThroughSpan(destination, span => Constant(span, value, threads));

    internal static TruncatedNormalKernel CreateTruncated<T>(double mean, double std, double low, double high)
    {
        double lowest = Representable.Ceiling<T>(low);
        double highest = Representable.Floor<T>(high);
        if (!(lowest <= highest))
            throw Guard.OutOfRange(nameof(high), high, $"no {typeof(T).Name} value lies in [low = {Guard.Format(low)}, high]; widen the bounds");
        var kernel = new TruncatedNormalKernel(mean, std, (low - mean) / std, (high - mean) / std, lowest, highest);
        if (!(kernel.Mass > 0))
            throw Guard.OutOfRange(nameof(low), low,
                $"the bounds [low, high = {Guard.Format(high)}] leave no probability mass under N({Guard.Format(mean)}, {Guard.Format(std)}²) in double precision (more than ~37σ from the mean)");
        return kernel;
    }

    delegate void SpanAction<T>(Span<T> span);

    static void ThroughSpan<T>(TensorSpan<T> destination, SpanAction<T> fill) where T : unmanaged
    {
        if (destination.FlattenedLength > int.MaxValue)
            throw Guard.OutOfRange(nameof(destination), destination.FlattenedLength, $"a tensor may hold at most {int.MaxValue} elements");
        int length = (int)destination.FlattenedLength;
        if (destination.IsDense)
        {
            fill(length == 0 ? Span<T>.Empty : MemoryMarshal.CreateSpan(ref destination.GetPinnableReference(), length));
            return;
        }
        var buffer = new T[length];
        fill(buffer);
        new ReadOnlyTensorSpan<T>(buffer, destination.Lengths).CopyTo(destination);
    }

    static void CheckOffset(long offset, int length)
    {
        if (offset < 0 || offset > long.MaxValue / 2 - length)
            throw Guard.OutOfRange(nameof(offset), offset, "it must be ≥ 0 and leave room for the destination");
    }

    static void CheckType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double) && typeof(T) != typeof(Half) && typeof(T) != typeof(BFloat16))
            throw FillEngine.Unsupported<T>();
    }
}
