using InitLab.Activations;
using InitLab.Validation;

namespace InitLab.Theory;

/// <summary>χ₁ over a grid of (σ_w, σ_b) and the critical line σ_w(σ_b): the order-to-chaos phase diagram (Poole et al. 2016, Fig. 2).</summary>
/// <remarks>The grid samples cell centers: σ_w,j = (j + ½)·σ_w,max/columns and σ_b,i = (i + ½)·σ_b,max/rows.</remarks>
public sealed record PhaseDiagram
{
    PhaseDiagram(Activation activation, double sigmaWMax, double sigmaBMax, double[] sigmaW, double[] sigmaB, double[,] chi1, double[] critical)
    {
        Activation = activation;
        SigmaWMax = sigmaWMax;
        SigmaBMax = sigmaBMax;
        SigmaW = sigmaW;
        SigmaB = sigmaB;
        Chi1 = chi1;
        CriticalSigmaW = critical;
    }

    /// <summary>φ.</summary>
    public Activation Activation { get; }

    /// <summary>The right end of the σ_w axis.</summary>
    public double SigmaWMax { get; }

    /// <summary>The top of the σ_b axis.</summary>
    public double SigmaBMax { get; }

    /// <summary>σ_w of each column.</summary>
    public IReadOnlyList<double> SigmaW { get; }

    /// <summary>σ_b of each row, from the bottom.</summary>
    public IReadOnlyList<double> SigmaB { get; }

    /// <summary>χ₁[row, column] at the fixed point q*.</summary>
    public double[,] Chi1 { get; }

    /// <summary>The critical σ_w for each row's σ_b (NaN where none exists up to 1000).</summary>
    public IReadOnlyList<double> CriticalSigmaW { get; }

    /// <summary>Computes the diagram.</summary>
    /// <param name="activation">φ.</param>
    /// <param name="sigmaWMax">The right end of the σ_w axis; finite and &gt; 0.</param>
    /// <param name="sigmaBMax">The top of the σ_b axis; finite and &gt; 0.</param>
    /// <param name="columns">σ_w samples; 2 … 400.</param>
    /// <param name="rows">σ_b samples; 2 … 200.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static PhaseDiagram Compute(Activation activation, double sigmaWMax, double sigmaBMax, int columns, int rows)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Guard.Positive(sigmaWMax, nameof(sigmaWMax));
        Guard.Positive(sigmaBMax, nameof(sigmaBMax));
        if (columns is < 2 or > 400)
            throw Guard.OutOfRange(nameof(columns), columns, "it must be in 2 … 400");
        if (rows is < 2 or > 200)
            throw Guard.OutOfRange(nameof(rows), rows, "it must be in 2 … 200");

        var sigmaW = Enumerable.Range(0, columns).Select(j => (j + 0.5) * sigmaWMax / columns).ToArray();
        var sigmaB = Enumerable.Range(0, rows).Select(i => (i + 0.5) * sigmaBMax / rows).ToArray();
        var chi1 = new double[rows, columns];
        var critical = new double[rows];
        Parallel.For(0, rows, i =>
        {
            for (int j = 0; j < columns; j++)
                chi1[i, j] = MeanField.Chi1(activation, sigmaW[j], MeanField.FixedPoint(activation, sigmaW[j], sigmaB[i]));
            critical[i] = MeanField.CriticalSigmaW(activation, sigmaB[i]);
        });
        return new PhaseDiagram(activation, sigmaWMax, sigmaBMax, sigmaW, sigmaB, chi1, critical);
    }
}
