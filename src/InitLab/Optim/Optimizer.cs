using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Tensors;
using InitLab.Validation;

namespace InitLab.Optim;

/// <summary>Updates parameters from their gradients; its state (buffers and the step count) can be saved and restored exactly.</summary>
/// <remarks>
/// The step size of parameter p is <see cref="LearningRate"/>·p.<see cref="Parameter.LearningRateMultiplier"/>.
/// As in PyTorch, a parameter that received no gradient in the latest backward pass is left untouched.
/// <para>
/// Subnormal state. A buffer that decays geometrically (a momentum buffer b ← μ·b, Adam's m ← β₁·m, a squared-gradient average
/// v ← β₂·v) does so for ever once its unit's gradient is exactly 0 (a dead ReLU unit): in float32 it falls below the smallest
/// normal number 2⁻¹²⁶ ≈ 1.2·10⁻³⁸ after some 800 steps at μ = 0.9 and then sticks at a few times 2⁻¹⁴⁹ (0.9·4·2⁻¹⁴⁹ rounds back
/// to 4·2⁻¹⁴⁹), and x86 processors take a microcode assist on every vector instruction that reads or makes a subnormal, so a
/// network of dead units made RMSprop-momentum's training about 2.9× slower (docs/performance.md). <see cref="Sgd"/>, <see cref="RmsProp"/>,
/// <see cref="Adam"/>, <see cref="NAdam"/> and <see cref="RAdam"/> therefore store such state values as +0: a value with
/// |x| &lt; 2⁻¹²⁶ becomes +0 (NaN and ±∞ are kept), and nothing else changes. torch keeps the subnormal (unless
/// <c>torch.set_flush_denormal(True)</c>); the parameters still get torch's bits except when a parameter is itself tiny:
/// a flushed buffer drops a term η·b (or step·m/d, with d ≥ ε) of magnitude below η·2⁻¹²⁶ (or step·2⁻¹²⁶/ε), and w minus such a
/// term rounds back to w whenever |w| &gt; 2²⁵ times it, i.e. |w| &gt; η·4·10⁻³¹ (3.9·10⁻²⁶ for Adam at η = 10⁻³, ε = 10⁻⁸).
/// A flushed v changes d = √v·r + ε (r = 1/√(1 − β₂ᵗ) or 1) by less than 2⁻⁶³·r, which leaves d's bits alone whenever
/// ε ≥ 2⁻³⁸·r ≈ 3.6·10⁻¹²·r (the default 10⁻⁸ qualifies). A later nonzero gradient continues from 0 instead of the subnormal,
/// a difference below 2⁻¹²⁶ that is rounded away unless the new value is itself below about 2⁻¹⁰¹.
/// <see cref="Lamb"/> keeps its moments unflushed: its trust ratio ‖w‖/‖u‖ rescales even an all-subnormal update to size η·‖w‖.
/// </para>
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

    /// <summary>Whether each weight's gradient is centralized before the update (Yong et al. 2020, "Gradient Centralization").</summary>
    /// <remarks>
    /// For a parameter of rank ≥ 2 (a Linear weight [out, in] or a Conv2d weight [out, in, kh, kw]) each output row's gradient
    /// loses its mean: ∇wᵢ ← ∇wᵢ − (1/M)·Σⱼ ∇wᵢⱼ over the M = in·kh·kw entries of row i. Biases and normalization parameters
    /// (rank 1) are left as they are. The centralized gradient replaces the stored one, before weight decay and the update.
    /// </remarks>
    public bool GradientCentralization { get; set; }

    /// <summary>Decoupled weight decay λ_d (Loshchilov &amp; Hutter 2019, SGDW/AdamW): before each update w ← w·(1 − η_p·λ_d), with η_p the parameter's step size; 0 for none.</summary>
    /// <remarks>Separate from <see cref="WeightDecay"/>, the L2 gradient λ·w that the subclass adds (and that <see cref="Adam"/> decouples itself).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double DecoupledWeightDecay
    {
        get;
        set
        {
            Guard.NonNegative(value, nameof(DecoupledWeightDecay));
            field = value;
        }
    }

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
            if (!p.HasGrad(tape))
                continue;
            if (GradientCentralization && p.Value.Rank >= 2)
                Centralize(p.Grad!.Span, p.Value.Dim(0));
            double step = LearningRate * p.LearningRateMultiplier;
            if (DecoupledWeightDecay > 0)
                System.Numerics.Tensors.TensorPrimitives.Multiply(p.Value.Span, (float)(1 - step * DecoupledWeightDecay), p.Value.Span);
            Update(i, p.Value.Span, p.Grad!.Span, (float)step);
        }
    }

    /// <summary>Subtracts from each of the <paramref name="rows"/> equal rows of <paramref name="g"/> its mean, summed in float64 in an order fixed by the row's width: four chains per vector lane (the low and high halves of the even and the odd vectors), then (evenLow + evenHigh) + (oddLow + oddHigh), then across the lanes, then the tail.</summary>
    internal static void Centralize(Span<float> g, int rows)
    {
        int width = g.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            var row = g.Slice(r * width, width);
            double sum = 0;
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                // Four independent float64 chains (the low and high halves of even and odd vectors), so that the adds overlap.
                Vector<double> evenLow = default, evenHigh = default, oddLow = default, oddHigh = default;
                var vectors = MemoryMarshal.Cast<float, Vector<float>>(row);
                int k = 0;
                for (; k + 1 < vectors.Length; k += 2)
                {
                    AddWidened(vectors[k], ref evenLow, ref evenHigh);
                    AddWidened(vectors[k + 1], ref oddLow, ref oddHigh);
                }
                if (k < vectors.Length)
                    AddWidened(vectors[k], ref evenLow, ref evenHigh);
                sum = Vector.Sum((evenLow + evenHigh) + (oddLow + oddHigh));
                j = vectors.Length * Vector<float>.Count;
            }
            for (; j < row.Length; j++)
                sum += row[j];
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, (float)(sum / width), row);
        }
    }

    /// <summary>Adds the low and the high half of <paramref name="v"/>, widened to float64, to <paramref name="low"/> and <paramref name="high"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void AddWidened(Vector<float> v, ref Vector<double> low, ref Vector<double> high)
    {
        Vector.Widen(v, out var l, out var h);
        low += l;
        high += h;
    }

    /// <summary>Runs <see cref="Update"/> of parameter <paramref name="index"/> for a wrapper (<see cref="Lookahead"/>) at step <paramref name="step"/>.</summary>
    internal void UpdateAt(long step, int index, Span<float> w, ReadOnlySpan<float> g, float learningRate)
    {
        StepCount = step;
        Update(index, w, g, learningRate);
    }

    /// <summary>Updates parameter <paramref name="index"/> in place; <see cref="StepCount"/> already counts this step.</summary>
    private protected abstract void Update(int index, Span<float> w, ReadOnlySpan<float> g, float learningRate);

    /// <summary>The state tensors named <c>{parameter}.{suffix}</c>.</summary>
    private protected IEnumerable<(string Name, Tensor Value)> Named(Tensor[] state, string suffix) =>
        state.Select((t, i) => (Parameters[i].Name + "." + suffix, t));

    private protected Tensor[] ZeroState() => [.. Parameters.Select(p => Tensor.ZerosLike(p.Value))];
}
