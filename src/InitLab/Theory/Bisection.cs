namespace InitLab.Theory;

/// <summary>Root finding by bisection: slow but unconditionally convergent, and deterministic.</summary>
internal static class Bisection
{
    /// <summary>A root of <paramref name="f"/> in [a, b], where f(a) and f(b) differ in sign (or one is 0).</summary>
    /// <param name="f">A continuous function.</param>
    /// <param name="a">One end of the bracket.</param>
    /// <param name="b">The other end.</param>
    /// <param name="tolerance">Stop when the bracket is this narrow (or no double lies between its ends).</param>
    public static double Root(Func<double, double> f, double a, double b, double tolerance)
    {
        double fa = f(a);
        if (fa == 0)
            return a;
        double fb = f(b);
        if (fb == 0)
            return b;
        if (Math.Sign(fa) == Math.Sign(fb))
            throw new ArgumentException($"f({a}) = {fa} and f({b}) = {fb} have the same sign; a root is not bracketed.");
        while (Math.Abs(b - a) > tolerance)
        {
            double mid = a + (b - a) / 2;
            if (mid == a || mid == b)
                break;
            double fm = f(mid);
            if (fm == 0)
                return mid;
            if (Math.Sign(fm) == Math.Sign(fa))
                (a, fa) = (mid, fm);
            else
                b = mid;
        }
        return a + (b - a) / 2;
    }
}
