namespace InitLab.Init;

/// <summary>ZerO initialization (Zhao et al. 2022): deterministic partial identities and Hadamard matrices, the same for every seed.</summary>
/// <remarks>
/// For W [m = out, n = in]:
/// <list type="bullet">
/// <item>m ≤ n: the partial identity, W[i, i] = 1 for i &lt; m, 0 elsewhere;</item>
/// <item>m &gt; n: W = I*·Hₚ/√p·I* with Sylvester's Hadamard Hₚ, p = 2^⌈log₂ m⌉, and I* the partial identities that keep the
/// first m rows and n columns: W[i, j] = Hₚ[i, j]/√p. When m = p the columns are orthonormal, WᵀW = I.</item>
/// </list>
/// A convolution [out, in, *k] gets the matrix at the kernel centre and 0 at every other tap (as <see cref="Dirac"/>).
/// Draws no random numbers. The scale 1/√p follows the authors' code (ZerO-initialization, <c>init_zero</c>); the paper's
/// Algorithm 1 writes c = 2^(−(log₂ p − 1)/2) = √2/√p. Used on residual networks, <see cref="Network.ModelInitializers"/>'s
/// <c>zero</c> also sets each branch's last layer to 0.
/// Zhao, Schäfer &amp; Anandkumar 2022, "ZerO Initialization: Initializing Neural Networks with only Zeros and Ones",
/// https://arxiv.org/abs/2110.12661.
/// Example: <c>new Zero().Initialize&lt;float&gt;(w, [512, 256], ctx)</c>.
/// </remarks>
public sealed record Zero : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="centre">Which tap is the centre of an even-sized convolution kernel.</param>
    /// <exception cref="ArgumentOutOfRangeException">centre is undefined.</exception>
    public Zero(KernelCentre centre = KernelCentre.Upper)
    {
        Centre = KernelGeometry.CheckCentre(centre);
    }

    /// <summary>Which tap is the centre of an even-sized convolution kernel.</summary>
    public KernelCentre Centre { get; }

    /// <summary>The value of W[o, i] for a matrix with <paramref name="m"/> rows (outputs) and <paramref name="n"/> columns (inputs).</summary>
    public static double Entry(int o, int i, int m, int n)
    {
        if (m <= n)
            return o == i ? 1 : 0;
        return Hadamard.Entry(o, i) / Math.Sqrt(Hadamard.Order(m));
    }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context)
    {
        var (m, n, taps) = Geometry(shape, context);
        double sum = 0, squares = 0;
        for (int o = 0; o < m; o++)
            for (int i = 0; i < n; i++)
            {
                double w = Entry(o, i, m, n);
                sum += w;
                squares += w * w;
            }
        double total = (double)m * n * taps, mean = sum / total;
        double bound = m <= n ? 1 : 1 / Math.Sqrt(Hadamard.Order(m));
        return new InitTheory(null, null, mean, Math.Sqrt(Math.Max(0, squares / total - mean * mean)), bound, null);
    }

    private protected override void Write<T>(Span<T> weights, ReadOnlySpan<int> shape, InitContext context, InitTheory theory)
    {
        weights.Clear();
        var (m, n, _) = Geometry(shape, context);
        if (shape.Length == 2)
        {
            bool outputLast = context.Fans.Layout is WeightLayout.InOut;
            for (int o = 0; o < m; o++)
                for (int i = 0; i < n; i++)
                    weights[outputLast ? i * m + o : o * n + i] = Elements.From<T>(Entry(o, i, m, n));
            return;
        }
        var kernel = KernelGeometry.Of(shape, context.Fans, "zero");
        long centre = kernel.CentreTap(Centre);
        for (int o = 0; o < m; o++)
            for (int i = 0; i < n; i++)
                weights[checked((int)kernel.Index(o, i, centre))] = Elements.From<T>(Entry(o, i, m, n));
    }

    /// <summary>(outputs, inputs, kernel taps) of a matrix or an ungrouped convolution under the context's layout.</summary>
    static (int M, int N, long Taps) Geometry(ReadOnlySpan<int> shape, InitContext context)
    {
        Shapes.Rank(shape, 2, 5, "zero");
        if (context.Fans.Layout is not (WeightLayout.OutIn or WeightLayout.InOut))
            throw new ArgumentException($"layout = {EnumText.Name(context.Fans.Layout)} is not allowed for zero; use out-in or in-out.", nameof(context));
        if (shape.Length == 2)
            return context.Fans.Layout == WeightLayout.InOut ? (shape[1], shape[0], 1) : (shape[0], shape[1], 1);
        if (context.Fans.Groups != 1)
            throw new ArgumentException($"groups = {context.Fans.Groups} is not allowed for zero; it maps whole channel spaces (groups = 1).", nameof(context));
        var kernel = KernelGeometry.Of(shape, context.Fans, "zero");
        return (kernel.Out, kernel.In, kernel.Count / ((long)kernel.Out * kernel.In));
    }
}
