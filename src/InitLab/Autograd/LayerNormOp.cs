using System.Numerics.Tensors;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>Layer normalization (Ba, Kiros &amp; Hinton 2016; PyTorch <c>LayerNorm(x.shape[1:])</c>) over every axis but the first.</summary>
    /// <remarks>
    /// Per sample over its F features: μ, σ² (biased), x̂ = (x − μ)/√(σ² + ε), y = γ⊙x̂ + β with γ, β of the feature shape.
    /// Backward: with g = dy⊙γ, dx = (g − Σg/F − x̂·Σ(g⊙x̂)/F)/√(σ² + ε); dγ = Σ_samples dy⊙x̂, dβ = Σ_samples dy.
    /// </remarks>
    /// <exception cref="ArgumentException">γ or β does not have the feature count of x.</exception>
    public static Variable LayerNorm(Tape tape, string layer, Variable x, Variable gamma, Variable beta, double epsilon = 1e-5)
    {
        int features = x.Value.Rank >= 2 ? x.Value.Length / x.Value.Dim(0) : -1;
        if (features < 0 || gamma.Value.Length != features || beta.Value.Length != features)
            throw new ArgumentException($"{layer}: layer_norm needs x [N, ...] with γ and β of the {features} features per sample; got x {x.Value}, γ {gamma.Value}, β {beta.Value}.");
        return tape.Record<LayerNormNode>(layer).Forward(x, gamma, beta, (float)epsilon);
    }
}

internal sealed class LayerNormNode : Node
{
    Variable _x = null!, _gamma = null!, _beta = null!;
    Tensor? _xhat;
    float[]? _invStd, _g, _scratchX, _scratchG, _scratchB;

    public override string Operation => "layer_norm";

    public Variable Forward(Variable x, Variable gamma, Variable beta, float eps)
    {
        (_x, _gamma, _beta) = (x, gamma, beta);
        int n = x.Value.Dim(0), f = x.Value.Length / n;
        var invStd = Reuse(ref _invStd, n);
        _xhat = Reuse(_xhat, x.Value.Shape);
        var y = SetOutput(x.Value.Shape, x.RequiresGrad || gamma.RequiresGrad || beta.RequiresGrad).Span;
        ReadOnlySpan<float> xs = x.Value.Span;
        for (int i = 0; i < n; i++)
        {
            var row = xs.Slice(i * f, f);
            var hat = _xhat.Span.Slice(i * f, f);
            double mean = (double)TensorPrimitives.Sum(row) / f;
            TensorPrimitives.Subtract(row, (float)mean, hat);
            double variance = (double)TensorPrimitives.SumOfSquares(hat) / f;
            invStd[i] = (float)(1 / Math.Sqrt(variance + eps));
            TensorPrimitives.Multiply(hat, invStd[i], hat);
            TensorPrimitives.FusedMultiplyAdd(hat, gamma.Value.Span, beta.Value.Span, y.Slice(i * f, f));
        }
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        int n = _x.Value.Dim(0), f = _x.Value.Length / n;
        ReadOnlySpan<float> dy = Output.Grad!.Span, xhat = _xhat!.Span;
        if (tape.GradOf(_gamma, out bool accG) is { } dgamma)
        {
            var t = Target(dgamma, accG, ref _scratchG);
            TensorPrimitives.Multiply(dy[..f], xhat[..f], t);
            for (int i = 1; i < n; i++)
                TensorPrimitives.FusedMultiplyAdd(dy.Slice(i * f, f), xhat.Slice(i * f, f), t, t);
            Commit(dgamma, accG, _scratchG);
        }
        if (tape.GradOf(_beta, out bool accB) is { } dbeta)
        {
            SumRows(dy, Target(dbeta, accB, ref _scratchB));
            Commit(dbeta, accB, _scratchB);
        }
        if (tape.GradOf(_x, out bool accX) is not { } dx)
            return;
        var target = Target(dx, accX, ref _scratchX);
        var g = Reuse(ref _g, f).AsSpan(0, f);
        for (int i = 0; i < n; i++)
        {
            var hat = xhat.Slice(i * f, f);
            var row = target.Slice(i * f, f);
            TensorPrimitives.Multiply(dy.Slice(i * f, f), _gamma.Value.Span, g);
            float meanG = TensorPrimitives.Sum(g) / f, meanGx = TensorPrimitives.Dot(g, hat) / f;
            TensorPrimitives.Subtract(g, meanG, row);
            TensorPrimitives.FusedMultiplyAdd(hat, -meanGx, row, row);
            TensorPrimitives.Multiply(row, _invStd![i], row);
        }
        Commit(dx, accX, _scratchX);
    }
}
