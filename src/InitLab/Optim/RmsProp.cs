using System.Numerics;
using System.Runtime.InteropServices;
using InitLab.Nn;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>RMSprop (Hinton, Coursera lecture 6e, 2012; centered form: Graves 2013), with PyTorch <c>torch.optim.RMSprop</c> semantics.</summary>
/// <remarks>
/// g ← ∇ + λ·w; v ← α·v + (1 − α)·g². Centered: ḡ ← α·ḡ + (1 − α)·g and d = √(v − ḡ²) + ε; otherwise d = √v + ε.
/// With momentum μ: b ← μ·b + g/d and w ← w − η·b; without: w ← w − η·g/d.
/// v, ḡ and b are stored with values below 2⁻¹²⁶ as +0 (see <see cref="Optimizer"/>'s remarks on subnormal state).
/// </remarks>
public sealed class RmsProp : Optimizer
{
    readonly Tensor[] _squareAverage, _gradientAverage, _buffers;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public RmsProp(IEnumerable<Parameter> parameters, double learningRate, double alpha = 0.99, double epsilon = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(alpha >= 0 && alpha < 1))
            throw Guard.OutOfRange(nameof(alpha), alpha, "it must be in [0, 1)");
        if (!(momentum >= 0 && momentum < 1))
            throw Guard.OutOfRange(nameof(momentum), momentum, "it must be in [0, 1)");
        Guard.Positive(epsilon, nameof(epsilon));
        (Alpha, Epsilon, Momentum, Centered) = (alpha, epsilon, momentum, centered);
        _squareAverage = ZeroState();
        _gradientAverage = centered ? ZeroState() : [];
        _buffers = momentum > 0 ? ZeroState() : [];
    }

    /// <summary>α, the smoothing constant of the squared-gradient average.</summary>
    public double Alpha { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>μ (0 for none).</summary>
    public double Momentum { get; }

    /// <summary>Whether the second moment is centered by the running mean gradient.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Value)> State =>
    [
        .. Named(_squareAverage, "square_avg"), .. Named(_gradientAverage, "grad_avg"), .. Named(_buffers, "momentum_buffer"),
    ];

    private protected override void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate)
    {
        float alpha = (float)Alpha, eps = (float)Epsilon, momentum = (float)Momentum, decay = (float)WeightDecay;
        var v = _squareAverage[index].Span;
        var mean = Centered ? _gradientAverage[index].Span : [];
        var b = Momentum > 0 ? _buffers[index].Span : [];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            var vmean = MemoryMarshal.Cast<float, Vector<float>>(mean);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            bool centered = Centered, withMomentum = Momentum > 0;
            Vector<float> lambda = new(decay), a = new(alpha), c = new(1 - alpha), e = new(eps), mu = new(momentum), lr = new(learningRate);
            for (int k = 0; k < vw.Length; k++)
            {
                var weight = vw[k];
                var grad = vg[k] + lambda * weight;
                var second = UpdateKernels.Flush(a * vv[k] + c * grad * grad);
                vv[k] = second;
                if (centered)
                {
                    var average = UpdateKernels.Flush(a * vmean[k] + c * grad);
                    vmean[k] = average;
                    second -= average * average;
                }
                var step = grad / (Vector.SquareRoot(second) + e);
                if (withMomentum)
                    step = vb[k] = UpdateKernels.Flush(mu * vb[k] + step);
                vw[k] = weight - lr * step;
            }
            i = vw.Length * Vector<float>.Count;
        }
        for (; i < w.Length; i++)
        {
            float grad = g[i] + decay * w[i];
            v[i] = UpdateKernels.Flush(alpha * v[i] + (1 - alpha) * grad * grad);
            float second = v[i];
            if (Centered)
            {
                mean[i] = UpdateKernels.Flush(alpha * mean[i] + (1 - alpha) * grad);
                second -= mean[i] * mean[i];
            }
            float step = grad / (MathF.Sqrt(second) + eps);
            if (Momentum > 0)
                step = b[i] = UpdateKernels.Flush(momentum * b[i] + step);
            w[i] -= learningRate * step;
        }
    }
}
