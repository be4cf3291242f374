using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace InitLab.Random;

/// <summary>
/// The transcendental functions the stream transforms need, written once on Vector512 with explicit
/// fused multiply-adds. An FMA is a single IEEE-754 rounding whether the CPU has the instruction or .NET
/// emulates it, and the JIT never fuses or reorders the remaining operations, so every CPU produces the
/// same bits (without AVX-512, .NET runs Vector512 as two Vector256 halves with identical results).
/// </summary>
internal static class VectorMath
{
    /// <summary>Natural log for positive normal floats; about 1 ulp. Cephes <c>logf</c> polynomial (S. Moshier).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x)
    {
        var bits = x.AsInt32();
        // x = m·2^e with m in [0.5, 1).
        var e = Vector512.ConvertToSingle((bits >>> 23) - Vector512.Create(126));
        var m = ((bits & Vector512.Create(unchecked((int)0x807FFFFF))) | Vector512.Create(0x3F000000)).AsSingle();
        // Fold m into [√½, √2) so the polynomial argument is centred on 0.
        var small = Vector512.LessThan(m, Vector512.Create(0.707106781186547524f));
        e -= Vector512.ConditionalSelect(small, Vector512<float>.One, Vector512<float>.Zero);
        m = Vector512.ConditionalSelect(small, m + m, m) - Vector512<float>.One;

        var z = m * m;
        var y = Vector512.Create(7.0376836292E-2f);
        y = Fma(y, m, -1.1514610310E-1f);
        y = Fma(y, m, 1.1676998740E-1f);
        y = Fma(y, m, -1.2420140846E-1f);
        y = Fma(y, m, 1.4249322787E-1f);
        y = Fma(y, m, -1.6668057665E-1f);
        y = Fma(y, m, 2.0000714765E-1f);
        y = Fma(y, m, -2.4999993993E-1f);
        y = Fma(y, m, 3.3333331174E-1f);
        y = y * m * z;
        // ln 2 split in two parts (0.693359375 + −2.12194440e-4) so e·ln2 is exact in the first part.
        y = Vector512.FusedMultiplyAdd(e, Vector512.Create(-2.12194440e-4f), y);
        y = Vector512.FusedMultiplyAdd(z, Vector512.Create(-0.5f), y);
        return Vector512.FusedMultiplyAdd(e, Vector512.Create(0.693359375f), m + y);
    }

    /// <summary>Sine and cosine for |φ| ≤ π/4; Cephes <c>sinf</c>/<c>cosf</c> minimax polynomials.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<float> Sin, Vector512<float> Cos) SinCosQuarter(Vector512<float> phi)
    {
        var z = phi * phi;
        var s = Vector512.Create(-1.9515295891E-4f);
        s = Fma(s, z, 8.3321608736E-3f);
        s = Fma(s, z, -1.6666654611E-1f);
        s = Vector512.FusedMultiplyAdd(s * z, phi, phi);
        var c = Vector512.Create(2.443315711809948E-5f);
        c = Fma(c, z, -1.388731625493765E-3f);
        c = Fma(c, z, 4.166664568298827E-2f);
        c = Vector512.FusedMultiplyAdd(c * z, z, Vector512.FusedMultiplyAdd(z, Vector512.Create(-0.5f), Vector512<float>.One));
        return (s, c);
    }

    /// <summary>a·b + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, float c) => Vector512.FusedMultiplyAdd(a, b, Vector512.Create(c));

    /// <summary>
    /// Φ⁻¹(p) for p in (0, 1), relative error about 1e-16: Wichura (1988), Algorithm AS 241 (PPND16),
    /// Applied Statistics 37(3):477–484. The tail branch is evaluated only when some lane needs it.
    /// </summary>
    public static Vector256<double> InverseNormalCdf(Vector256<double> p)
    {
        var q = p - Vector256.Create(0.5);
        var central = Vector256.LessThanOrEqual(Vector256.Abs(q), Vector256.Create(0.425));
        var r = Vector256.Create(0.180625) - q * q;
        var num = Horner(r, 2.5090809287301226727e+3, 3.3430575583588128105e+4, 6.7265770927008700853e+4, 4.5921953931549871457e+4,
                            1.3731693765509461125e+4, 1.9715909503065514427e+3, 1.3314166789178437745e+2, 3.3871328727963666080e+0);
        var den = Horner(r, 5.2264952788528545610e+3, 2.8729085735721942674e+4, 3.9307895800092710610e+4, 2.1213794301586595867e+4,
                            5.3941960214247511077e+3, 6.8718700749205790830e+2, 4.2313330701600911252e+1, 1.0);
        var result = q * num / den;
        if (central.AsUInt64() == Vector256<ulong>.AllBitsSet)
            return result;

        // Tails: r = √(−ln min(p, 1−p)); 1−p is exact near 1 (Sterbenz), so both tails keep full precision.
        var tail = Vector256.Min(p, Vector256<double>.One - p);
        tail = Vector256.ConditionalSelect(central, Vector256.Create(0.01), tail);
        var s = Vector256.Sqrt(-Vector256.Log(tail));
        var near = Vector256.LessThanOrEqual(s, Vector256.Create(5.0));
        var s1 = s - Vector256.Create(1.6);
        var nearValue = Horner(s1, 7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1, 1.27045825245236838258e+0,
                                   3.64784832476320460504e+0, 5.76949722146069140550e+0, 4.63033784615654529590e+0, 1.42343711074968357734e+0)
                      / Horner(s1, 1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2, 1.48103976427480074590e-1,
                                   6.89767334985100004550e-1, 1.67638483018380384940e+0, 2.05319162663775882187e+0, 1.0);
        var s2 = s - Vector256.Create(5.0);
        var farValue = Horner(s2, 2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3, 2.65321895265761230930e-2,
                                  2.96560571828504891230e-1, 1.78482653991729133580e+0, 5.46378491116411436990e+0, 6.65790464350110377720e+0)
                     / Horner(s2, 2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5, 7.86869131145613259100e-4,
                                  1.48753612908506148525e-2, 1.36929880922735805310e-1, 5.99832206555887937690e-1, 1.0);
        var tailValue = Vector256.ConditionalSelect(near, nearValue, farValue);
        tailValue = Vector256.ConditionalSelect(Vector256.LessThan(q, Vector256<double>.Zero), -tailValue, tailValue);
        return Vector256.ConditionalSelect(central, result, tailValue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> Horner(Vector256<double> x, double c7, double c6, double c5, double c4, double c3, double c2, double c1, double c0)
    {
        var y = Vector256.Create(c7);
        y = y * x + Vector256.Create(c6);
        y = y * x + Vector256.Create(c5);
        y = y * x + Vector256.Create(c4);
        y = y * x + Vector256.Create(c3);
        y = y * x + Vector256.Create(c2);
        y = y * x + Vector256.Create(c1);
        return y * x + Vector256.Create(c0);
    }
}
