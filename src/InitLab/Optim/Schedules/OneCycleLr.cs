namespace InitLab.Optim.Schedules;

/// <summary>How one-cycle moves between its rates.</summary>
public enum AnnealStrategy
{
    /// <summary>end + (start − end)·(cos(π·p) + 1)/2.</summary>
    Cos,

    /// <summary>start + (end − start)·p.</summary>
    Linear,
}

/// <summary>One cycle up to a peak rate and down far below the start (<c>onecycle[:max-lr=X,pct-start=P,div-factor=D,final-div-factor=F,anneal=cos,three-phase=false]</c>).</summary>
/// <remarks>
/// From η_max/D up to η_max over the first P·T − 1 steps, then down to η_max/(D·F) at step T − 1; with three phases, up, back down to
/// η_max/D by step 2·P·T − 2, then down to η_max/(D·F) (Smith &amp; Topin 2019, "Super-Convergence"; PyTorch <c>OneCycleLR</c>
/// with <c>cycle_momentum=False</c>). η_max defaults to <c>--lr</c>; T is the run's steps.
/// </remarks>
/// <param name="MaxLr">The peak rate, or null for <c>--lr</c>.</param>
/// <param name="PctStart">The fraction of the run spent rising, in (0, 1).</param>
/// <param name="DivFactor">The start rate is η_max/D.</param>
/// <param name="FinalDivFactor">The final rate is η_max/(D·F).</param>
/// <param name="Anneal">Cosine or linear moves.</param>
/// <param name="ThreePhase">Whether the rate returns to η_max/D before the final decay.</param>
public sealed record OneCycleLr(double? MaxLr = null, double PctStart = 0.3, double DivFactor = 25, double FinalDivFactor = 1e4,
    AnnealStrategy Anneal = AnnealStrategy.Cos, bool ThreePhase = false) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double At(double lr, long t, long total)
    {
        double max = MaxLr ?? lr, initial = max / DivFactor, min = initial / FinalDivFactor;
        (double End, double From, double To)[] phases = ThreePhase
            ? [(PctStart * total - 1, initial, max), (2 * PctStart * total - 2, max, initial), (total - 1, initial, min)]
            : [(PctStart * total - 1, initial, max), (total - 1, max, min)];
        double start = 0;
        for (int i = 0; ; i++)
        {
            var (end, from, to) = phases[i];
            if (t <= end || i == phases.Length - 1)
            {
                double p = (t - start) / (end - start);
                return Anneal == AnnealStrategy.Cos ? to + (from - to) / 2.0 * (Math.Cos(Math.PI * p) + 1) : (to - from) * p + from;
            }
            start = end;
        }
    }
}
