namespace InitLab.Optim.Schedules;

/// <summary>Cosine annealing restarted every T_i steps, T_i growing by T_mult (<c>sgdr:t0=N[,t-mult=M,eta-min=X]</c>).</summary>
/// <remarks>
/// η_t = η_min + (η − η_min)·(1 + cos(π·T_cur/T_i))/2, where T_cur counts the steps since the last restart, the first period is T_0
/// and each next one is T_mult times longer (Loshchilov &amp; Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts";
/// PyTorch <c>CosineAnnealingWarmRestarts</c>). Alias: <c>cosine-warm-restarts</c>.
/// </remarks>
/// <param name="T0">The first period in steps, ≥ 1.</param>
/// <param name="TMult">The period's growth factor, ≥ 1.</param>
/// <param name="EtaMin">The floor η_min ≥ 0.</param>
public sealed record CosineWarmRestarts(long T0, long TMult = 1, double EtaMin = 0) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double At(double lr, long t, long total)
    {
        long period = T0, current = t;
        if (TMult == 1)
            current = t % T0;
        else
            while (current >= period)
                (current, period) = (current - period, period * TMult);
        return EtaMin + (lr - EtaMin) * (1 + Math.Cos(Math.PI * current / period)) / 2;
    }
}
