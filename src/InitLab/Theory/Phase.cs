namespace InitLab.Theory;

/// <summary>The mean-field phase of a deep network at initialization (Poole et al. 2016).</summary>
public enum Phase
{
    /// <summary>χ₁ &lt; 1: nearby inputs converge, gradients vanish with depth.</summary>
    Ordered,

    /// <summary>χ₁ = 1 (within <see cref="MeanField.CriticalTolerance"/>): the edge of chaos, where signals travel deepest.</summary>
    Critical,

    /// <summary>χ₁ &gt; 1: nearby inputs decorrelate, gradients explode with depth.</summary>
    Chaotic,
}
