using InitLab.Numerics;
using InitLab.Random;

namespace InitLab.Tests.Random;

public class ConstantFillTests
{
    // 3 MiB of float32 crosses the streaming-store threshold; the odd start leaves an unaligned head and a tail.
    const int Length = 3 << 18;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    public void LargeUnalignedRuns_AreSetEverywhere_AndNothingOutsideIsTouched(int start, int threads)
    {
        AssertFills<float>(start, threads, -0.25f);
        AssertFills<double>(start, threads, 1e-300);
        AssertFills<Half>(start, threads, (Half)0.5);
        AssertFills<BFloat16>(start, threads, BFloat16.FromSingle(-3f));
    }

    static void AssertFills<T>(int start, int threads, T expected) where T : unmanaged, IEquatable<T>
    {
        var buffer = new T[Length + start + 5];
        Fill.Constant(buffer.AsSpan(start, Length), Convert(expected), threads);
        for (int i = 0; i < buffer.Length; i++)
        {
            bool inside = i >= start && i < start + Length;
            Assert.True(inside ? buffer[i].Equals(expected) : buffer[i].Equals(default), $"{typeof(T).Name} element {i}");
        }
    }

    static double Convert<T>(T value) => value switch
    {
        float f => f,
        double d => d,
        Half h => (double)h,
        BFloat16 b => b.ToSingle(),
        _ => throw new ArgumentException(typeof(T).Name),
    };
}
