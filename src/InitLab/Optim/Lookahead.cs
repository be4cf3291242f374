using System.Numerics;
using System.Runtime.InteropServices;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>Lookahead (Zhang et al. 2019, "Lookahead Optimizer: k steps forward, 1 step back") around any inner optimizer; Ranger is Lookahead around <see cref="RAdam"/>.</summary>
/// <remarks>
/// The inner optimizer updates the fast weights w at every step. The slow weights φ start as the parameters' values when the
/// optimizer is created; after every k-th step, φ ← φ + α·(w − φ) and w ← φ. The inner optimizer sees the outer learning rate
/// (so schedules apply) and the outer step count.
/// </remarks>
public sealed class Lookahead : Optimizer
{
    readonly Tensor[] _slow;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1 or α outside (0, 1].</exception>
    public Lookahead(Optimizer inner, int k = 5, double alpha = 0.5)
        : base((inner ?? throw new ArgumentNullException(nameof(inner))).Parameters, inner.LearningRate, 0)
    {
        if (k < 1)
            throw Guard.OutOfRange(nameof(k), k, "it must be ≥ 1");
        if (!(alpha > 0 && alpha <= 1))
            throw Guard.OutOfRange(nameof(alpha), alpha, "it must be in (0, 1]");
        (Inner, K, Alpha) = (inner, k, alpha);
        _slow = [.. Parameters.Select(p => p.Value.Clone())];
    }

    /// <summary>The optimizer of the fast weights.</summary>
    public Optimizer Inner { get; }

    /// <summary>k, the steps between synchronizations.</summary>
    public int K { get; }

    /// <summary>α, the slow weights' step towards the fast ones.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Value)> State => [.. Inner.State, .. Named(_slow, "slow_buffer")];

    private protected override void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate)
    {
        Inner.UpdateAt(StepCount, index, w, g, learningRate);
        if (StepCount % K != 0)
            return;
        var slow = _slow[index].Span;
        float alpha = (float)Alpha;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vs = MemoryMarshal.Cast<float, Vector<float>>(slow);
            var a = new Vector<float>(alpha);
            for (int k = 0; k < vw.Length; k++)
            {
                var s = vs[k];
                s += a * (vw[k] - s);
                vs[k] = s;
                vw[k] = s;
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
            w[i] = slow[i] += alpha * (w[i] - slow[i]);
    }
}
