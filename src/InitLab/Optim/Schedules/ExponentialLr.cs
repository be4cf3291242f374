namespace InitLab.Optim.Schedules;

/// <summary>Decays η by γ every step (<c>exponential:gamma=G</c>).</summary>
/// <remarks>η_t = η·γ^t (PyTorch <c>ExponentialLR</c>).</remarks>
/// <param name="Gamma">The decay factor γ &gt; 0.</param>
public sealed record ExponentialLr(double Gamma) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double At(double lr, long t, long total) => lr * Math.Pow(Gamma, t);
}
