namespace InitLab.Optim.Schedules;

/// <summary>A learning-rate schedule: the rate of 0-based step t of a run of T steps, from the base rate η (<c>--lr</c>).</summary>
/// <remarks>
/// Each schedule is the closed form of the PyTorch <c>torch.optim.lr_scheduler</c> class it names, as if <c>scheduler.step()</c>
/// were called once per unit (a batch step, or an epoch with <c>unit=epoch</c>, <see cref="ScheduleText"/>). Tests compare every one with
/// torch 1.13's numbers (bench/peers/lr_schedules.py).
/// </remarks>
public abstract record LearningRateSchedule
{
    /// <summary>The learning rate at 0-based step <paramref name="t"/> of <paramref name="total"/>, from base rate <paramref name="lr"/>.</summary>
    public abstract double At(double lr, long t, long total);
}
