namespace InitLab.Optim.Schedules;

/// <summary>Cosine annealing from η to η_min over T_max steps (<c>cosine[:t-max=N,eta-min=X]</c>).</summary>
/// <remarks>
/// η_t = η_min + (η − η_min)·(1 + cos(π·t/T_max))/2, T_max defaulting to the run's steps (Loshchilov &amp; Hutter 2017, SGDR
/// without restarts; PyTorch <c>CosineAnnealingLR</c>). With the defaults it is bit-identical to the cosine of earlier InitLab runs.
/// </remarks>
/// <param name="TMax">The half period in steps, or null for the run's steps.</param>
/// <param name="EtaMin">The floor η_min ≥ 0.</param>
public sealed record CosineLr(long? TMax = null, double EtaMin = 0) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double At(double lr, long t, long total) =>
        EtaMin + (lr - EtaMin) * (1 + Math.Cos(Math.PI * t / (TMax ?? total))) / 2;
}
