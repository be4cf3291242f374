using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Tensors;
using InitLab.Validation;

namespace InitLab.Optim;

/// <summary>Updates parameters from their gradients; its state (buffers and the step count) can be saved and restored exactly.</summary>
/// <remarks>
/// The step size of parameter p is <see cref="LearningRate"/>·p.<see cref="Parameter.LearningRateMultiplier"/>.
/// As in PyTorch, a parameter that received no gradient in the latest backward pass is left untouched.
/// </remarks>
public abstract class Optimizer
{
    double _learningRate;

    private protected Optimizer(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
        LearningRate = learningRate;
        Guard.NonNegative(weightDecay, nameof(weightDecay));
        WeightDecay = weightDecay;
    }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The base learning rate η.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and positive.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            Guard.Positive(value, nameof(LearningRate));
            _learningRate = value;
        }
    }

    /// <summary>The weight-decay coefficient λ.</summary>
    public double WeightDecay { get; }

    /// <summary>The number of steps taken (restored with the state).</summary>
    public long StepCount { get; set; }

    /// <summary>The per-parameter state tensors with PyTorch's names: <c>{parameter}.momentum_buffer</c>, <c>{parameter}.exp_avg</c>, ….</summary>
    public abstract IReadOnlyList<(string Name, Tensor Value)> State { get; }

    /// <summary>Applies one update to every parameter that has a gradient from <paramref name="tape"/>'s latest backward pass.</summary>
    public void Step(Tape tape)
    {
        ArgumentNullException.ThrowIfNull(tape);
        StepCount++;
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.HasGrad(tape))
                Update(i, p.Value.Span, p.Grad!.Span, (float)(LearningRate * p.LearningRateMultiplier));
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place; <see cref="StepCount"/> already counts this step.</summary>
    private protected abstract void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate);

    private protected Tensor[] ZeroState() => [.. Parameters.Select(p => Tensor.ZerosLike(p.Value))];
}
