using InitLab.Validation;

namespace InitLab.Init;

/// <summary>Delta-orthogonal: a random orthogonal channel map at the kernel centre, zero at every other tap.</summary>
/// <remarks>
/// Rank 3–5, one group, c_in ≤ c_out. An [c_in, c_out] matrix M with orthonormal rows (Haar, as <see cref="Orthogonal"/>)
/// times the gain goes at the centre tap: W[o, i, centre] = gain·M[i, o] (OutIn) or W[centre, i, o] = gain·M[i, o] (InOut).
/// For stride 1 and c_in = c_out the convolution then preserves ‖x‖·gain exactly. The centre is ⌊(k−1)/2⌋ in JAX's
/// <c>delta_orthogonal</c> (<see cref="KernelCentre.Lower"/>) and ⌊k/2⌋ under the PyTorch flavor.
/// Xiao et al. 2018, "Dynamical Isometry and a Mean Field Theory of CNNs", https://arxiv.org/abs/1806.05393.
/// Example: <c>new DeltaOrthogonal().Initialize&lt;float&gt;(w, [64, 32, 3, 3], ctx)</c>.
/// </remarks>
public sealed record DeltaOrthogonal : InitScheme
{
    /// <summary>Creates the scheme.</summary>
    /// <param name="gain">Multiplies the orthogonal matrix; finite and &gt; 0.</param>
    /// <param name="centre">Which tap is the centre of an even-sized kernel.</param>
    /// <exception cref="ArgumentOutOfRangeException">gain is not finite and positive, or centre is undefined.</exception>
    public DeltaOrthogonal(double gain = 1, KernelCentre centre = KernelCentre.Upper)
    {
        Guard.Positive(gain, nameof(gain));
        Gain = gain;
        Centre = KernelGeometry.CheckCentre(centre);
    }

    /// <summary>Multiplies the orthogonal matrix.</summary>
    public double Gain { get; }

    /// <summary>Which tap is the centre of an even-sized kernel.</summary>
    public KernelCentre Centre { get; }

    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context)
    {
        var kernel = Geometry(shape, context.Fans);
        // The c_in orthonormal rows hold gain²·c_in of squared mass over all entries; the mean is 0 by sign symmetry.
        return new InitTheory(null, Gain, 0, Gain * Math.Sqrt(kernel.In / (double)kernel.Count), Gain, null);
    }

    private protected override void Write<T>(Span<T> weights, ReadOnlySpan<int> shape, InitContext context, InitTheory theory)
    {
        var kernel = Geometry(shape, context.Fans);
        var matrix = new double[kernel.In * kernel.Out];
        OrthogonalMatrix.Fill<double>(matrix, kernel.In, kernel.Out, context.Stream, Gain, context.Threads);
        weights.Clear();
        long centre = kernel.CentreTap(Centre);
        for (int i = 0; i < kernel.In; i++)
            for (int o = 0; o < kernel.Out; o++)
                weights[checked((int)kernel.Index(o, i, centre))] = Elements.From<T>(matrix[i * kernel.Out + o]);
    }

    static KernelGeometry Geometry(ReadOnlySpan<int> shape, FanRule rule)
    {
        if (rule.Groups != 1) throw Guard.OutOfRange("groups", rule.Groups, "delta-orthogonal needs groups = 1");
        var kernel = KernelGeometry.Of(shape, rule, "delta-orthogonal");
        if (kernel.In > kernel.Out)
            throw new ArgumentException($"shape = [{Shapes.Format(shape)}] has c_in = {kernel.In} > c_out = {kernel.Out}; delta-orthogonal needs c_in ≤ c_out.", nameof(shape));
        return kernel;
    }
}
