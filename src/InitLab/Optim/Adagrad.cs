using System.Numerics;
using System.Runtime.InteropServices;
using InitLab.Nn;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>Adagrad (Duchi, Hazan &amp; Singer 2011), with PyTorch <c>torch.optim.Adagrad</c> semantics.</summary>
/// <remarks>
/// At step t: g ← ∇ + λ·w; η_t = η/(1 + (t − 1)·δ) (δ = lr_decay); s ← s + g² (s starts at initial_accumulator_value);
/// w ← w − η_t·g/(√s + ε).
/// </remarks>
public sealed class Adagrad : Optimizer
{
    readonly Tensor[] _sums;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public Adagrad(IEnumerable<Parameter> parameters, double learningRate, double learningRateDecay = 0, double weightDecay = 0,
        double initialAccumulator = 0, double epsilon = 1e-10)
        : base(parameters, learningRate, weightDecay)
    {
        Guard.NonNegative(learningRateDecay, nameof(learningRateDecay));
        Guard.NonNegative(initialAccumulator, nameof(initialAccumulator));
        Guard.Positive(epsilon, nameof(epsilon));
        (LearningRateDecay, InitialAccumulator, Epsilon) = (learningRateDecay, initialAccumulator, epsilon);
        _sums = ZeroState();
        foreach (var s in _sums)
            s.Span.Fill((float)initialAccumulator);
    }

    /// <summary>δ: the step size at step t is η/(1 + (t − 1)·δ).</summary>
    public double LearningRateDecay { get; }

    /// <summary>The initial value of every accumulator s.</summary>
    public double InitialAccumulator { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Value)> State => [.. Named(_sums, "sum")];

    private protected override void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate)
    {
        float step = (float)(learningRate / (1 + (StepCount - 1) * LearningRateDecay)), decay = (float)WeightDecay, eps = (float)Epsilon;
        var s = _sums[index].Span;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vs = MemoryMarshal.Cast<float, Vector<float>>(s);
            Vector<float> lambda = new(decay), a = new(step), e = new(eps);
            for (int k = 0; k < vw.Length; k++)
            {
                var weight = vw[k];
                var grad = vg[k] + lambda * weight;
                var sum = vs[k] + grad * grad;
                vs[k] = sum;
                vw[k] = weight - a * grad / (Vector.SquareRoot(sum) + e);
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float grad = g[i] + decay * w[i];
            s[i] += grad * grad;
            w[i] -= step * grad / (MathF.Sqrt(s[i]) + eps);
        }
    }
}
