namespace InitLab.Optim.Schedules;

/// <summary>η at every step (<c>constant</c>).</summary>
public sealed record ConstantLr : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double At(double lr, long t, long total) => lr;
}
