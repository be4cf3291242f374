namespace InitLab.Optim.Schedules;

/// <summary>Decays η by γ every <see cref="StepSize"/> steps (<c>step:step-size=N,gamma=G</c>).</summary>
/// <remarks>η_t = η·γ^⌊t/step_size⌋ (PyTorch <c>StepLR</c>; γ defaults to 0.1 as there).</remarks>
/// <param name="StepSize">The steps between decays, ≥ 1.</param>
/// <param name="Gamma">The decay factor γ &gt; 0.</param>
public sealed record StepLr(long StepSize, double Gamma = 0.1) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double At(double lr, long t, long total) => lr * Math.Pow(Gamma, t / StepSize);
}
