namespace InitLab.Optim.Schedules;

/// <summary>A linear warmup before any schedule (the <c>warmup=N[,warmup-start=F]</c> keys of every schedule).</summary>
/// <remarks>
/// η_t = η·(F + (1 − F)·t/N) for t &lt; N, then the main schedule at step t − N of T − N (PyTorch
/// <c>SequentialLR([LinearLR(start_factor=F, total_iters=N), main], milestones=[N])</c>; F defaults to LinearLR's 1/3)
/// (Goyal et al. 2017, "Accurate, Large Minibatch SGD", gradual warmup).
/// </remarks>
/// <param name="Steps">The warmup steps N ≥ 1.</param>
/// <param name="StartFactor">F in (0, 1].</param>
/// <param name="Main">The schedule after the warmup.</param>
public sealed record LinearWarmup(long Steps, double StartFactor, LearningRateSchedule Main) : LearningRateSchedule
{
    /// <summary>LinearLR's default start factor, 1/3.</summary>
    public const double DefaultStartFactor = 1.0 / 3;

    /// <inheritdoc/>
    public override double At(double lr, long t, long total) => t < Steps
        ? lr * (StartFactor + (1 - StartFactor) * t / Steps)
        : Main.At(lr, t - Steps, total - Steps);
}
