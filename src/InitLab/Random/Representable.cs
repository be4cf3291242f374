using InitLab.Numerics;

namespace InitLab.Random;

/// <summary>Rounds bounds inward to values the output type can hold, so narrowing never leaves the bounds.</summary>
internal static class Representable
{
    /// <summary>The largest T value ≤ x, as a double.</summary>
    public static double Floor<T>(double x)
    {
        double t = RoundTrip<T>(x);
        return t > x ? Step<T>(t, up: false) : t;
    }

    /// <summary>The smallest T value ≥ x, as a double.</summary>
    public static double Ceiling<T>(double x)
    {
        double t = RoundTrip<T>(x);
        return t < x ? Step<T>(t, up: true) : t;
    }

    /// <summary>The largest T value strictly below x, as a double.</summary>
    public static double Below<T>(double x)
    {
        double t = Floor<T>(x);
        return t >= x ? Step<T>(t, up: false) : t;
    }

    static double RoundTrip<T>(double x)
    {
        if (typeof(T) == typeof(double)) return x;
        if (typeof(T) == typeof(float)) return (float)x;
        if (typeof(T) == typeof(Half)) return (double)(Half)x;
        if (typeof(T) == typeof(BFloat16)) return BFloat16.FromSingle((float)x).ToSingle();
        throw FillEngine.Unsupported<T>();
    }

    static double Step<T>(double t, bool up)
    {
        if (typeof(T) == typeof(double)) return up ? Math.BitIncrement(t) : Math.BitDecrement(t);
        if (typeof(T) == typeof(float)) return up ? MathF.BitIncrement((float)t) : MathF.BitDecrement((float)t);
        if (typeof(T) == typeof(Half)) return (double)(up ? Half.BitIncrement((Half)t) : Half.BitDecrement((Half)t));
        if (typeof(T) == typeof(BFloat16)) return StepBFloat16((float)t, up);
        throw FillEngine.Unsupported<T>();
    }

    static float StepBFloat16(float t, bool up)
    {
        // Same walk as Math.BitIncrement on the 16-bit pattern: magnitude grows away from zero.
        ushort bits = BFloat16.FromSingle(t).Bits;
        if (t == 0) return BFloat16.FromBits(up ? (ushort)0x0001 : (ushort)0x8001).ToSingle();
        bool away = (t > 0) == up;
        return BFloat16.FromBits((ushort)(away ? bits + 1 : bits - 1)).ToSingle();
    }
}
