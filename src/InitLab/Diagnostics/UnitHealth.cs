using InitLab.Activations;

namespace InitLab.Diagnostics;

/// <summary>The two ways a unit stops passing gradient: saturation of a bounded activation, and death of a ReLU-family unit.</summary>
public static class UnitHealth
{
    /// <summary>The saturation threshold: tanh counts |φ| &gt; 0.99, sigmoid φ outside (0.01, 0.99).</summary>
    public const double Threshold = 0.99;

    /// <summary>The fraction of saturated post-activation values, or null when <paramref name="activation"/> does not saturate (only tanh and sigmoid do).</summary>
    /// <remarks>There φ′ &lt; 0.02 (tanh) or &lt; 0.0099 (sigmoid), so almost no gradient flows back (Glorot &amp; Bengio 2010, §4.2).</remarks>
    public static double? SaturatedFraction(Activation activation, ReadOnlySpan<float> post)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (activation.Kind is not (ActivationKind.Tanh or ActivationKind.Sigmoid) || post.IsEmpty)
            return null;
        // Compared in float, so a stored 0.99f sits exactly on the threshold rather than 1e-8 above it.
        const float high = (float)Threshold, low = (float)(1 - Threshold);
        long count = 0;
        if (activation.Kind == ActivationKind.Tanh)
            foreach (float y in post) count += Math.Abs(y) > high ? 1 : 0;
        else
            foreach (float y in post) count += y <= low || y >= high ? 1 : 0;
        return (double)count / post.Length;
    }

    /// <summary>The fraction of units whose pre-activation is ≤ 0 on every sample, or null unless <paramref name="activation"/> is relu or leaky_relu.</summary>
    /// <remarks>
    /// A unit is one coordinate of a sample (a neuron of a dense layer, a channel at one position of a convolution).
    /// For relu such a unit outputs 0 on the whole batch and gets no gradient: it is dead; a leaky_relu unit there passes only the slope.
    /// </remarks>
    /// <param name="activation">The activation that follows.</param>
    /// <param name="pre">The pre-activations, sample-major: <paramref name="samples"/> blocks of equal length.</param>
    /// <param name="samples">The batch size; ≥ 1 and divides the length.</param>
    /// <exception cref="ArgumentException">The batch size does not divide the length.</exception>
    public static double? DeadFraction(Activation activation, ReadOnlySpan<float> pre, int samples)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        if (activation.Kind is not (ActivationKind.Relu or ActivationKind.LeakyRelu) || pre.IsEmpty)
            return null;
        if (pre.Length % samples != 0)
            throw new ArgumentException($"{pre.Length} values do not split into {samples} samples.", nameof(samples));
        int units = pre.Length / samples;
        var alive = new bool[units];
        for (int s = 0; s < samples; s++)
        {
            var row = pre.Slice(s * units, units);
            for (int u = 0; u < units; u++)
                alive[u] |= row[u] > 0;
        }
        return (double)alive.Count(a => !a) / units;
    }
}
