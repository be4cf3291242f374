using InitLab.Nn;
using InitLab.Validation;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Optim;

/// <summary>Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay (PyTorch <c>torch.optim.SGD</c> semantics).</summary>
/// <remarks>
/// g ← ∇ + λ·w; with momentum μ: b ← g on the first step, else b ← μ·b + (1 − τ)·g (τ = dampening); then
/// g ← g + μ·b (Nesterov) or g ← b; finally w ← w − η·g. Sutskever et al. 2013 for the Nesterov form.
/// b is stored with values below 2⁻¹²⁶ as +0 (see <see cref="Optimizer"/>'s remarks on subnormal state).
/// </remarks>
public sealed class Sgd : Optimizer
{
    readonly Tensor[] _buffers;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    /// <exception cref="ArgumentException">Nesterov momentum without momentum, or with dampening.</exception>
    public Sgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double weightDecay = 0, bool nesterov = false, double dampening = 0)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(momentum >= 0 && momentum < 1))
            throw Guard.OutOfRange(nameof(momentum), momentum, "it must be in [0, 1)");
        if (!(dampening >= 0 && dampening <= 1))
            throw Guard.OutOfRange(nameof(dampening), dampening, "it must be in [0, 1]");
        if (nesterov && (momentum == 0 || dampening != 0))
            throw new ArgumentException($"Nesterov momentum needs momentum > 0 and dampening 0; got momentum {momentum}, dampening {dampening}.", nameof(nesterov));
        (Momentum, Nesterov, Dampening) = (momentum, nesterov, dampening);
        _buffers = momentum > 0 ? ZeroState() : [];
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>τ.</summary>
    public double Dampening { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Value)> State =>
        [.. _buffers.Select((b, i) => (Parameters[i].Name + ".momentum_buffer", b))];

    private protected override void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate) =>
        UpdateKernels.Sgd(w, g, Momentum > 0 ? _buffers[index].Span : [], learningRate, (float)WeightDecay, (float)Momentum, (float)Dampening,
            first: StepCount == 1, Nesterov);
}
