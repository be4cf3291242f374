using InitLab.Optim;

namespace InitLab.Tests.Optim;

/// <summary>
/// Decaying optimizer state is stored as +0 once it falls below float32's smallest normal number (2⁻¹²⁶), where torch keeps
/// subnormals, and the parameters keep the bits of the unflushed recurrence.
/// </summary>
/// <remarks>
/// w = [1, −2] (repeated to vector lanes plus a scalar tail by <see cref="OptimizerSteps.Run"/>) takes gradient [0.5, −1] at
/// step 1 and exactly 0 for the next 1199 steps: a unit that died. torch 1.13 in float32 then holds ±5.6·10⁻⁴⁵ = ±4·2⁻¹⁴⁹ in
/// the momentum buffer and exp_avg after step 1200 (0.9·4·2⁻¹⁴⁹ rounds back to 4·2⁻¹⁴⁹, so the buffer never reaches 0,
/// and every later step does arithmetic on subnormals). Each case compares w with torch's float32 run
/// (<c>/usr/bin/python3 bench/peers/subnormal_state.py</c>) within 5e-6, and bit for bit with the same recurrence written
/// out here in float32 without the flush (the kernels' operation order), whose buffer does end subnormal.
/// </remarks>
public class SubnormalStateTests
{
    const int Steps = 1200;
    static readonly int[] Report = [1, 2, 10, 100, 1200];

    static float[] Gradient(int step) => step == 1 ? [0.5f, -1f] : [0f, 0f];

    /// <summary>Runs the optimizer made by <paramref name="create"/>; returns w after each step and the optimizer.</summary>
    static (double[][] W, Optimizer Optimizer) Run(Func<InitLab.Nn.Parameter, Optimizer> create)
    {
        Optimizer? optimizer = null;
        var w = OptimizerSteps.Run(p => optimizer = create(p), [.. Enumerable.Range(1, Steps).Select(Gradient)]);
        return (w, optimizer!);
    }

    /// <summary>
    /// The unflushed float32 recurrence per element: <paramref name="update"/>(t, g, w, state) returns the new w and updates
    /// that element's <paramref name="size"/> state values. Returns w after each step and each element's final state.
    /// </summary>
    static (double[][] W, float[][] State) Replay(int size, Func<long, float, float, float[], float> update)
    {
        float[] w = [1f, -2f];
        float[][] state = [new float[size], new float[size]];
        var result = new double[Steps][];
        for (int t = 1; t <= Steps; t++)
        {
            for (int i = 0; i < 2; i++)
                w[i] = update(t, Gradient(t)[i], w[i], state[i]);
            result[t - 1] = [w[0], w[1]];
        }
        return (result, state);
    }

    /// <summary>
    /// Asserts w within 5e-6 of torch at the <see cref="Report"/> steps and bit-identical to <paramref name="replay"/> at every step;
    /// that the replay's state <paramref name="decaying"/> ends subnormal; and that the optimizer's state tensors named
    /// <c>*.{flushed}</c> are all +0 while none of its state is subnormal.
    /// </summary>
    static void AssertFlushed((double[][] W, Optimizer Optimizer) run, double[][] torch, (double[][] W, float[][] State) replay, int decaying, string flushed)
    {
        OptimizerSteps.AssertSteps(torch, [.. Report.Select(s => run.W[s - 1])], 5e-6);
        for (int s = 0; s < Steps; s++)
            for (int i = 0; i < 2; i++)
                Assert.True(BitConverter.SingleToInt32Bits((float)replay.W[s][i]) == BitConverter.SingleToInt32Bits((float)run.W[s][i]),
                    $"step {s + 1}, w[{i}] = {run.W[s][i]:R}, unflushed {replay.W[s][i]:R}");
        Assert.All(replay.State, element => Assert.True(float.IsSubnormal(element[decaying]), $"unflushed state {element[decaying]:R} is not subnormal"));
        var state = run.Optimizer.State;
        Assert.Contains(state, s => s.Name.EndsWith("." + flushed, StringComparison.Ordinal));
        foreach (var (name, value) in state)
        {
            Assert.All(value.ToArray(), x => Assert.False(float.IsSubnormal(x), $"{name} holds the subnormal {x:R}"));
            if (name.EndsWith("." + flushed, StringComparison.Ordinal))
                Assert.All(value.ToArray(), x => Assert.Equal(0, BitConverter.SingleToInt32Bits(x)));
        }
    }

    [Fact]
    public void SgdMomentum_FlushesBuffer_KeepsWeightBits()
    {
        // torch.optim.SGD lr=0.1 momentum=0.9, float32; momentum_buffer ends [5.60519386e-45, -5.60519386e-45]
        double[][] torch = [[0.949999988, -1.89999998], [0.904999971, -1.80999994], [0.674339235, -1.34867847], [0.500013292, -1.00002658], [0.500000119, -1.00000024]];
        float lr = 0.1f, momentum = 0.9f, decay = 0f, dampening = 0f;
        var replay = Replay(1, (t, g, w, s) =>
        {
            float grad = g + decay * w;
            s[0] = t == 1 ? grad : momentum * s[0] + (1 - dampening) * grad;
            return w - lr * s[0];
        });
        AssertFlushed(Run(p => new Sgd([p], 0.1, momentum: 0.9)), torch, replay, 0, "momentum_buffer");
    }

    static Func<long, float, float, float[], float> RmsPropReplay(bool centered)
    {
        float lr = 0.01f, alpha = 0.99f, eps = 1e-8f, momentum = 0.9f, decay = 0f;
        return (t, g, w, s) =>
        {
            float grad = g + decay * w;
            s[0] = alpha * s[0] + (1 - alpha) * grad * grad;
            float second = s[0];
            if (centered)
            {
                s[2] = alpha * s[2] + (1 - alpha) * grad;
                second -= s[2] * s[2];
            }
            s[1] = momentum * s[1] + grad / (MathF.Sqrt(second) + eps);
            return w - lr * s[1];
        };
    }

    [Fact]
    public void RmsPropMomentum_FlushesBuffer_KeepsWeightBits()
    {
        // torch.optim.RMSprop lr=0.01 momentum=0.9, float32; momentum_buffer ends [5.60519386e-45, -5.60519386e-45]
        double[][] torch = [[0.900000036, -1.89999998], [0.810000062, -1.80999994], [0.348678559, -1.34867859], [2.69080901e-05, -1.0000267], [3.46756707e-07, -1.00000036]];
        AssertFlushed(Run(p => new RmsProp([p], 0.01, momentum: 0.9)), torch, Replay(2, RmsPropReplay(centered: false)), 1, "momentum_buffer");
    }

    [Fact]
    public void RmsPropCenteredMomentum_FlushesBuffer_KeepsWeightBits()
    {
        // torch.optim.RMSprop lr=0.01 momentum=0.9 centered, float32; momentum_buffer ends [5.60519386e-45, -5.60519386e-45]
        double[][] torch = [[0.899496257, -1.8994962], [0.809042871, -1.80904281], [0.345397502, -1.34539735], [-0.00501055643, -0.994989514], [-0.00503724907, -0.994963169]];
        AssertFlushed(Run(p => new RmsProp([p], 0.01, momentum: 0.9, centered: true)), torch, Replay(3, RmsPropReplay(centered: true)), 1, "momentum_buffer");
    }

    [Fact]
    public void Adam_FlushesFirstMoment_KeepsWeightBits()
    {
        // torch.optim.Adam lr=0.1, float32; exp_avg ends [5.60519386e-45, -5.60519386e-45]
        double[][] torch = [[0.900000036, -1.89999998], [0.832994223, -1.8329941], [0.581238806, -1.58123875], [0.399478078, -1.3994782], [0.399449587, -1.39944994]];
        float lr = 0.1f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, decay = 0f;
        var replay = Replay(2, (t, g, w, s) =>
        {
            float step = (float)(lr / (1 - Math.Pow(0.9, t))), root = (float)(1 / Math.Sqrt(1 - Math.Pow(0.999, t)));
            float grad = g + decay * w;
            s[0] = beta1 * s[0] + (1 - beta1) * grad;
            s[1] = beta2 * s[1] + (1 - beta2) * (grad * grad);
            return w - step * s[0] / (MathF.Sqrt(s[1]) * root + eps);
        });
        AssertFlushed(Run(p => new Adam([p], 0.1)), torch, replay, 0, "exp_avg");
    }

    [Fact]
    public void NAdam_FlushesFirstMoment_KeepsWeightBits()
    {
        // torch.optim.NAdam lr=0.1, float32; exp_avg ends [5.60519386e-45, -5.60519386e-45]
        double[][] torch = [[0.89504683, -1.89504683], [0.889069617, -1.88906956], [0.83899951, -1.83899951], [0.769800305, -1.76980019], [0.769787312, -1.76978731]];
        float lr = 0.1f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, decay = 0f;
        static double Mu(long t) => 0.9 * (1 - 0.5 * Math.Pow(0.96, t * 4e-3));
        var replay = Replay(2, (t, g, w, s) =>
        {
            double product = 1;
            for (long k = 1; k <= t; k++)
                product *= Mu(k);
            double mu = Mu(t), next = Mu(t + 1);
            float gradientStep = (float)(lr * (1 - mu) / (1 - product)), momentumStep = (float)(lr * next / (1 - product * mu * next));
            float root = (float)(1 / Math.Sqrt(1 - Math.Pow(0.999, t)));
            float grad = g + decay * w;
            s[0] = beta1 * s[0] + (1 - beta1) * grad;
            s[1] = beta2 * s[1] + (1 - beta2) * grad * grad;
            return w - (gradientStep * grad + momentumStep * s[0]) / (MathF.Sqrt(s[1]) * root + eps);
        });
        AssertFlushed(Run(p => new NAdam([p], 0.1)), torch, replay, 0, "exp_avg");
    }

    [Fact]
    public void RAdam_FlushesFirstMoment_KeepsWeightBits()
    {
        // torch.optim.RAdam lr=0.1, float32; exp_avg ends [5.60519386e-45, -5.60519386e-45]
        double[][] torch = [[0.949999988, -1.89999998], [0.926315784, -1.85263157], [0.888302326, -1.78106368], [0.873040497, -1.76580155], [0.873034239, -1.76579547]];
        float lr = 0.1f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, decay = 0f;
        var replay = Replay(2, (t, g, w, s) =>
        {
            double correction2 = 1 - Math.Pow(0.999, t), rhoInfinity = 2 / (1 - 0.999) - 1, rho = rhoInfinity - 2 * t * Math.Pow(0.999, t) / correction2;
            double rectification = rho > 5 ? Math.Sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)) : 0;
            float step = (float)(lr / (1 - Math.Pow(0.9, t))), adaptive = (float)(rectification * Math.Sqrt(correction2));
            float grad = g + decay * w;
            s[0] = beta1 * s[0] + (1 - beta1) * grad;
            s[1] = beta2 * s[1] + (1 - beta2) * grad * grad;
            return w - (rho > 5 ? step * s[0] * adaptive / (MathF.Sqrt(s[1]) + eps) : step * s[0]);
        });
        AssertFlushed(Run(p => new RAdam([p], 0.1)), torch, replay, 0, "exp_avg");
    }

    [Fact]
    public void Flush_ZeroesSubnormalsOnly_KeepsNaNAndInfinity()
    {
        float[] values = [float.Epsilon, -float.Epsilon, 1.1754942e-38f, -0f, 1.17549435e-38f, -1.17549435e-38f, 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        float[] expected = [0f, 0f, 0f, 0f, 1.17549435e-38f, -1.17549435e-38f, 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var vector = new float[System.Numerics.Vector<float>.Count * ((values.Length + System.Numerics.Vector<float>.Count - 1) / System.Numerics.Vector<float>.Count)];
        values.CopyTo(vector, 0);
        var lanes = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(vector.AsSpan());
        for (int k = 0; k < lanes.Length; k++)
            lanes[k] = UpdateKernels.Flush(lanes[k]);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(UpdateKernels.Flush(values[i])));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(vector[i]));
        }
    }
}
