using InitLab.Validation;

namespace InitLab.Theory;

/// <summary>Predicts the pre-activation std of every layer of a stack from fans, weight variances and activations.</summary>
/// <remarks>
/// <para>
/// With zero-mean, independent weights, q^1 = n₁·Var[W₁]·E[x²] + Var[b₁] and
/// q^(l+1) = n_(l+1)·Var[W_(l+1)]·E[φ_l(z^l)²] + Var[b_(l+1)], where q^l = E[(z^l)²] = Var[z^l]
/// (the pre-activations have mean 0). With E[φ(z)²] = Var[z] this is the seeds' Var[z^L] = Var[x]·∏ n·Var[W]
/// (Glorot &amp; Bengio 2010; He et al. 2015 for the ReLU factor 1/2).
/// </para>
/// <para>The rule chooses how E[φ(z)²] is computed: <see cref="PropagationRule.LinearRegime"/> or <see cref="PropagationRule.MeanField"/>.</para>
/// </remarks>
public static class VariancePropagation
{
    /// <summary>√q^l for every layer: the predicted pre-activation std.</summary>
    /// <param name="inputSecondMoment">E[x²] per input coordinate (1 for N(0, 1) inputs); finite and ≥ 0.</param>
    /// <param name="layers">The layers, input side first.</param>
    /// <param name="rule">How the activation's second moment is computed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSecondMoment"/> is negative or not finite.</exception>
    public static double[] PreActivationStd(double inputSecondMoment, IReadOnlyList<LayerVariance> layers, PropagationRule rule)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Guard.NonNegative(inputSecondMoment, nameof(inputSecondMoment));
        if (rule is not (PropagationRule.LinearRegime or PropagationRule.MeanField))
            throw Guard.OutOfRange(nameof(rule), rule, "use LinearRegime or MeanField");

        var std = new double[layers.Count];
        double incoming = inputSecondMoment;
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            double q = layer.FanIn * layer.WeightVariance * incoming + layer.BiasVariance;
            std[l] = Math.Sqrt(q);
            incoming = double.IsFinite(q) ? OutputSecondMoment(layer.Activation, q, rule) : q;
        }
        return std;
    }

    /// <summary>E[φ(z)²] for z ~ N(0, q) under <paramref name="rule"/>.</summary>
    static double OutputSecondMoment(Activations.Activation activation, double q, PropagationRule rule)
    {
        if (rule == PropagationRule.MeanField)
            return MeanField.SecondMoment(activation, q);
        double atZero = activation.Value(0);
        double right = activation.Derivative(double.Epsilon), left = activation.Derivative(-double.Epsilon);
        return atZero * atZero + (right * right + left * left) / 2 * q;
    }
}
