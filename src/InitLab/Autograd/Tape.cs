using InitLab.Compute;
using InitLab.Tensors;

namespace InitLab.Autograd;

/// <summary>Records the operations of one forward pass so that <see cref="Backward"/> can run their derivative rules in reverse.</summary>
/// <remarks>
/// Reverse-mode automatic differentiation with a Wengert list (Wengert 1964; Griewank &amp; Walther, "Evaluating
/// Derivatives", 2008): every operation appends a <see cref="Node"/>; the backward pass visits the nodes last to first
/// and each adds its inputs' share of dL/d(output).
///
/// Training runs the same graph every step, so node i of a forward pass reuses the node object (and its output and
/// scratch buffers) that held position i in the previous pass: in steady state a step allocates nothing.
/// The tape also carries the forward context: threads, train/eval mode, and the (seed, step) that names dropout streams.
/// </remarks>
public sealed class Tape
{
    readonly List<Node> _nodes = [];
    int _count;

    /// <summary>Creates a tape.</summary>
    /// <param name="threads">Worker threads for the kernels (0 = every logical processor); results do not depend on it.</param>
    /// <param name="training">Training mode (batch statistics, dropout) or evaluation mode (running statistics, no dropout).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is negative.</exception>
    public Tape(int threads = 0, bool training = true)
    {
        Threads = Parallelism.Resolve(threads);
        Training = training;
    }

    /// <summary>Worker threads for the kernels.</summary>
    public int Threads { get; }

    /// <summary>Whether modules behave as in training (batch statistics, dropout) or evaluation.</summary>
    public bool Training { get; }

    /// <summary>The arithmetic of the linear and convolution products recorded on this tape (default float32).</summary>
    public Numerics.Precision Precision { get; init; }

    /// <summary>The run's seed: with <see cref="Step"/> it names the random streams of stochastic layers.</summary>
    public ulong Seed { get; set; }

    /// <summary>The optimizer step this forward pass belongs to (0-based).</summary>
    public long Step { get; set; }

    /// <summary>The number of the current backward pass; gradients written in an earlier pass count as absent.</summary>
    /// <remarks>Numbers come from one process-wide counter, so two tapes never share one: a probe's backward pass on its own
    /// tape cannot make a training tape's next pass accumulate onto the probe's gradients.</remarks>
    public long Pass { get; private set; }

    static long s_lastPass;

    /// <summary>The nodes recorded since the last <see cref="Reset"/>, in forward order.</summary>
    public IEnumerable<Node> Nodes => _nodes.Take(_count);

    /// <summary>Starts a new forward pass; the recorded nodes are kept for reuse.</summary>
    public void Reset() => _count = 0;

    /// <summary>Appends a node of type <typeparamref name="T"/>, reusing the one at this position of the previous pass when it has the same type.</summary>
    internal T Record<T>(string layer) where T : Node, new()
    {
        T node;
        if (_count < _nodes.Count && _nodes[_count] is T reused)
            node = reused;
        else
        {
            node = new T();
            if (_count < _nodes.Count)
                _nodes[_count] = node;
            else
                _nodes.Add(node);
        }
        _count++;
        node.Layer = layer;
        return node;
    }

    /// <summary>Computes dL/dv for every variable v that requires a gradient and that <paramref name="loss"/> depends on.</summary>
    /// <param name="loss">A one-element variable recorded on this tape.</param>
    /// <exception cref="ArgumentException">The loss has more than one element.</exception>
    public void Backward(Variable loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Value.Length != 1)
            throw new ArgumentException($"the loss must have one element; it is {loss.Value}.", nameof(loss));
        Pass = Interlocked.Increment(ref s_lastPass);
        if (!loss.RequiresGrad)
            return;
        loss.GradFor(Pass, out _).Span[0] = 1f;
        for (int i = _count - 1; i >= 0; i--)
        {
            var node = _nodes[i];
            if (node.Output.HasGrad(this))
                node.Backward(this);
        }
    }

    /// <summary>The gradient buffer of <paramref name="input"/> for this pass, or null when it needs none.</summary>
    internal Tensor? GradOf(Variable input, out bool accumulate)
    {
        accumulate = false;
        return input.RequiresGrad ? input.GradFor(Pass, out accumulate) : null;
    }
}
