using System.Globalization;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>The knowledge-distillation loss L = α·T²·(1/B)·Σ_b KL(q_b ‖ p_b) + (1 − α)·CE(s, y), with q = softmax(t/T) and p = softmax(s/T).</summary>
    /// <remarks>
    /// Hinton, Vinyals &amp; Dean 2015, "Distilling the knowledge in a neural network": the student's logits s are matched to the
    /// teacher's t softened by the temperature T; the T² factor keeps the soft term's gradient on the scale of the hard one
    /// as T changes. KL(q ‖ p) = Σ_c q_c·(log q_c − log p_c) (PyTorch: <c>KLDivLoss(reduction="batchmean")(log_softmax(s/T),
    /// softmax(t/T))</c>), CE is the mean softmax cross-entropy at T = 1. Backward:
    /// ∂L/∂s = α·T·(p − q)/B + (1 − α)·(softmax(s) − onehot(y))/B. Computed per row in float64 with the maximum subtracted.
    /// The teacher's logits are constants (no gradient flows to the teacher).
    /// </remarks>
    /// <exception cref="ArgumentException">The shapes disagree, a target is not a class index, T is not finite and positive, or α is outside [0, 1].</exception>
    public static Variable DistillationLoss(Tape tape, string layer, Variable studentLogits, Tensor teacherLogits, ReadOnlySpan<int> targets, double temperature, double alpha)
    {
        ArgumentNullException.ThrowIfNull(teacherLogits);
        var z = studentLogits.Value;
        if (z.Rank != 2 || !z.SameShape(teacherLogits) || targets.Length != z.Dim(0))
            throw new ArgumentException($"{layer}: distillation needs student and teacher logits [B, C] of one shape and B targets; got {z}, {teacherLogits} and {targets.Length} targets.");
        CheckTargets(layer, targets, z.Dim(1));
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw new ArgumentException($"--kd-temperature = {temperature.ToString("R", CultureInfo.InvariantCulture)} is not allowed; it must be finite and > 0.");
        if (!(alpha >= 0 && alpha <= 1))
            throw new ArgumentException($"--kd-alpha = {alpha.ToString("R", CultureInfo.InvariantCulture)} is not allowed; it must be in [0, 1].");
        return tape.Record<DistillationNode>(layer).Forward(studentLogits, teacherLogits, targets, temperature, alpha);
    }
}

internal sealed class DistillationNode : ScalarLossNode
{
    public override string Operation => "distillation";

    public Variable Forward(Variable z, Tensor teacher, ReadOnlySpan<int> targets, double temperature, double alpha)
    {
        Logits = z;
        int rows = z.Value.Dim(0), classes = z.Value.Dim(1);
        var gradient = GradientBuffer(rows * classes);
        ReadOnlySpan<float> s = z.Value.Span, t = teacher.Span;
        var buffers = new double[3 * classes];
        double kl = 0, ce = 0;
        for (int r = 0; r < rows; r++)
        {
            var logP = buffers.AsSpan(0, classes);
            var logQ = buffers.AsSpan(classes, classes);
            var logHard = buffers.AsSpan(2 * classes, classes);
            LogSoftmax(s.Slice(r * classes, classes), 1 / temperature, logP);
            LogSoftmax(t.Slice(r * classes, classes), 1 / temperature, logQ);
            LogSoftmax(s.Slice(r * classes, classes), 1, logHard);
            var g = gradient.Slice(r * classes, classes);
            for (int c = 0; c < classes; c++)
            {
                double q = Math.Exp(logQ[c]);
                if (q > 0)
                    kl += q * (logQ[c] - logP[c]);
                g[c] = (float)((alpha * temperature * (Math.Exp(logP[c]) - q) + (1 - alpha) * (Math.Exp(logHard[c]) - (c == targets[r] ? 1 : 0))) / rows);
            }
            ce -= logHard[targets[r]];
        }
        SetOutput([], z.RequiresGrad).Span[0] = (float)((alpha * temperature * temperature * kl + (1 - alpha) * ce) / rows);
        return Output;
    }

    /// <summary>destination = log softmax(scale·x), with the maximum subtracted first.</summary>
    static void LogSoftmax(ReadOnlySpan<float> x, double scale, Span<double> destination)
    {
        double max = double.NegativeInfinity;
        foreach (float v in x)
            max = Math.Max(max, scale * v);
        double sum = 0;
        for (int c = 0; c < x.Length; c++)
            sum += Math.Exp(scale * x[c] - max);
        double log = Math.Log(sum);
        for (int c = 0; c < x.Length; c++)
            destination[c] = scale * x[c] - max - log;
    }
}
