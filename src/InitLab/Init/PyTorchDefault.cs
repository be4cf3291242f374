using InitLab.Random;

namespace InitLab.Init;

/// <summary>What torch.nn.Linear and ConvNd do by default: U[−bound, bound) with bound = 1/√fan_in, for the weight and the bias.</summary>
/// <remarks>
/// The weight gets <c>kaiming_uniform_(a=√5)</c>: gain = √(2/(1+5)) = 1/√3 and bound = gain·√(3/fan_in) = 1/√fan_in.
/// The bias gets U(±1/√fan_in) with the weight's fan_in: give it to the bias's context as explicit fans,
/// <c>new FanRule(fanIn: w_fan_in, fanOut: w_fan_out)</c>. PyTorch's fan_in ignores groups: it is (in/groups)·k̄.
/// torch/nn/modules/linear.py and conv.py, <c>reset_parameters</c>.
/// Example: <c>new PyTorchDefault().Initialize&lt;float&gt;(w, [256, 784], ctx)</c>.
/// </remarks>
public sealed record PyTorchDefault : InitScheme
{
    private protected override InitTheory Plan(ReadOnlySpan<int> shape, InitContext context)
    {
        var fans = context.Fans.Compute(shape);
        double bound = 1 / Math.Sqrt(fans.FanIn);
        return InitTheory.Of(Distribution.Uniform(-bound, bound), fans, 1 / Math.Sqrt(3));
    }
}
