namespace InitLab.Optim.Schedules;

/// <summary>How a cyclic schedule's amplitude changes from cycle to cycle.</summary>
public enum CyclicMode
{
    /// <summary>The same amplitude every cycle.</summary>
    Triangular,

    /// <summary>The amplitude halves every cycle.</summary>
    Triangular2,

    /// <summary>The amplitude is scaled by γ^t at step t.</summary>
    ExpRange,
}

/// <summary>Triangular cycles between a base and a maximal rate (<c>cyclic:max-lr=X[,base-lr=Y,step-size-up=N,step-size-down=M,mode=triangular,gamma=G]</c>).</summary>
/// <remarks>
/// With S = up + down, c = ⌊1 + t/S⌋, x = 1 + t/S − c: f = x/(up/S) while x ≤ up/S, else (x − 1)/(up/S − 1);
/// η_t = base + (max − base)·f·s, s = 1 (triangular), 1/2^(c−1) (triangular2) or γ^t (exp_range)
/// (Smith 2017, "Cyclical Learning Rates for Training Neural Networks"; PyTorch <c>CyclicLR</c> with <c>cycle_momentum=False</c>:
/// momentum is not cycled). The base rate defaults to <c>--lr</c>.
/// </remarks>
/// <param name="MaxLr">The peak rate.</param>
/// <param name="BaseLr">The trough rate, or null for <c>--lr</c>.</param>
/// <param name="StepSizeUp">Steps from trough to peak.</param>
/// <param name="StepSizeDown">Steps from peak to trough, or null for <paramref name="StepSizeUp"/>.</param>
/// <param name="Mode">The amplitude policy.</param>
/// <param name="Gamma">exp_range's γ.</param>
public sealed record CyclicLr(double MaxLr, double? BaseLr = null, long StepSizeUp = 2000, long? StepSizeDown = null, CyclicMode Mode = CyclicMode.Triangular, double Gamma = 1)
    : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double At(double lr, long t, long total)
    {
        double low = BaseLr ?? lr;
        double size = StepSizeUp + (StepSizeDown ?? StepSizeUp);
        double ratio = StepSizeUp / size;
        double cycle = Math.Floor(1 + t / size);
        double x = 1.0 + t / size - cycle;
        double factor = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        double scale = Mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
            _ => Math.Pow(Gamma, t),
        };
        return low + (MaxLr - low) * factor * scale;
    }
}
