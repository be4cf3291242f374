namespace InitLab.Optim.Schedules;

/// <summary>Decays η by γ at each milestone (<c>multistep:milestones=M1+M2+…,gamma=G</c>).</summary>
/// <remarks>η_t = η·γ^k, k = the number of milestones ≤ t (PyTorch <c>MultiStepLR</c>; γ defaults to 0.1).</remarks>
/// <param name="Milestones">Increasing steps at which the rate drops.</param>
/// <param name="Gamma">The decay factor γ &gt; 0.</param>
public sealed record MultiStepLr(IReadOnlyList<long> Milestones, double Gamma = 0.1) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double At(double lr, long t, long total) => lr * Math.Pow(Gamma, Milestones.Count(m => m <= t));
}
