using System.Numerics.Tensors;
using Tensor = InitLab.Tensors.Tensor;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>Batch normalization (Ioffe &amp; Szegedy 2015; PyTorch <c>BatchNorm1d</c>/<c>BatchNorm2d</c>) over x [N, C] or [N, C, H, W].</summary>
    /// <remarks>
    /// Training: per channel c over the M = N·H·W values, μ = mean, σ² = biased variance, x̂ = (x − μ)/√(σ² + ε),
    /// y = γ·x̂ + β; the running statistics become (1 − m)·running + m·batch, with the unbiased σ²·M/(M − 1) for the variance.
    /// Evaluation: μ, σ² are the running statistics. Backward (training):
    /// dx = γ/√(σ² + ε) · (dy − Σdy/M − x̂·Σ(dy·x̂)/M), dγ = Σ dy·x̂, dβ = Σ dy. Sums run in a fixed order.
    /// </remarks>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static Variable BatchNorm(Tape tape, string layer, Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
        double momentum = 0.1, double epsilon = 1e-5)
    {
        int c = x.Value.Rank is 2 or 4 ? x.Value.Dim(1) : -1;
        if (c < 0 || gamma.Value.Length != c || beta.Value.Length != c || runningMean.Length != c || runningVar.Length != c)
            throw new ArgumentException($"{layer}: batch_norm needs x [N, C] or [N, C, H, W] with γ, β and running statistics of C elements; got x {x.Value}, γ {gamma.Value}.");
        if (tape.Training && x.Value.Length / c < 2)
            throw new ArgumentException($"{layer}: batch_norm in training needs more than one value per channel; got x {x.Value}.");
        return tape.Record<BatchNormNode>(layer).Forward(tape, x, gamma, beta, runningMean, runningVar, (float)momentum, (float)epsilon);
    }
}

internal sealed class BatchNormNode : Node
{
    Variable _x = null!, _gamma = null!, _beta = null!;
    Tensor? _xhat;
    float[]? _invStd, _a, _b, _c, _scratchX, _scratchG, _scratchB;
    double[]? _sums, _sums2; // per-channel accumulators, reused by forward and backward so a step allocates nothing
    bool _batchStats;

    public override string Operation => "batch_norm";

    public Variable Forward(Tape tape, Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar, float momentum, float eps)
    {
        (_x, _gamma, _beta, _batchStats) = (x, gamma, beta, tape.Training);
        int n = x.Value.Dim(0), channels = x.Value.Dim(1), size = x.Value.Length / (n * channels);
        var mean = Reuse(ref _a, channels).AsSpan(0, channels);
        var invStd = Reuse(ref _invStd, channels).AsSpan(0, channels);
        ReadOnlySpan<float> xs = x.Value.Span;
        if (_batchStats)
        {
            long m = (long)n * size;
            var (sum, squares) = (Zeroed(ref _sums, channels), Zeroed(ref _sums2, channels));
            for (int i = 0; i < n; i++)
                for (int ch = 0; ch < channels; ch++)
                {
                    var plane = xs.Slice((i * channels + ch) * size, size);
                    sum[ch] += size == 1 ? plane[0] : TensorPrimitives.Sum(plane);
                    squares[ch] += size == 1 ? (double)plane[0] * plane[0] : TensorPrimitives.SumOfSquares(plane);
                }
            var rm = runningMean.Span;
            var rv = runningVar.Span;
            for (int ch = 0; ch < channels; ch++)
            {
                double mu = sum[ch] / m, variance = Math.Max(squares[ch] / m - mu * mu, 0);
                mean[ch] = (float)mu;
                invStd[ch] = (float)(1 / Math.Sqrt(variance + eps));
                rm[ch] = (1 - momentum) * rm[ch] + momentum * (float)mu;
                rv[ch] = (1 - momentum) * rv[ch] + momentum * (float)(variance * m / (m - 1));
            }
        }
        else
            for (int ch = 0; ch < channels; ch++)
            {
                mean[ch] = runningMean.Span[ch];
                invStd[ch] = 1f / MathF.Sqrt(runningVar.Span[ch] + eps);
            }
        _xhat = Reuse(_xhat, x.Value.Shape);
        var xhat = _xhat.Span;
        var y = SetOutput(x.Value.Shape, x.RequiresGrad || gamma.RequiresGrad || beta.RequiresGrad).Span;
        ReadOnlySpan<float> g = gamma.Value.Span, b = beta.Value.Span;
        for (int i = 0; i < n; i++)
        {
            if (size == 1)
            {
                var row = xs.Slice(i * channels, channels);
                var hat = xhat.Slice(i * channels, channels);
                var outRow = y.Slice(i * channels, channels);
                TensorPrimitives.Subtract(row, mean, hat);
                TensorPrimitives.Multiply(hat, invStd, hat);
                TensorPrimitives.FusedMultiplyAdd(hat, g, b, outRow);
                continue;
            }
            for (int ch = 0; ch < channels; ch++)
            {
                int at = (i * channels + ch) * size;
                var hat = xhat.Slice(at, size);
                TensorPrimitives.Subtract(xs.Slice(at, size), mean[ch], hat);
                TensorPrimitives.Multiply(hat, invStd[ch], hat);
                TensorPrimitives.Multiply(hat, g[ch], y.Slice(at, size));
                TensorPrimitives.Add(y.Slice(at, size), b[ch], y.Slice(at, size));
            }
        }
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        int n = _x.Value.Dim(0), channels = _x.Value.Dim(1), size = _x.Value.Length / (n * channels);
        long m = (long)n * size;
        ReadOnlySpan<float> dy = Output.Grad!.Span, xhat = _xhat!.Span, g = _gamma.Value.Span;
        var (sumDy, sumDyXhat) = (Zeroed(ref _sums, channels), Zeroed(ref _sums2, channels));
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < channels; ch++)
            {
                int at = (i * channels + ch) * size;
                sumDy[ch] += size == 1 ? dy[at] : TensorPrimitives.Sum(dy.Slice(at, size));
                sumDyXhat[ch] += size == 1 ? dy[at] * xhat[at] : TensorPrimitives.Dot(dy.Slice(at, size), xhat.Slice(at, size));
            }
        if (tape.GradOf(_gamma, out bool accG) is { } dg)
            Write(dg, accG, sumDyXhat, ref _scratchG);
        if (tape.GradOf(_beta, out bool accB) is { } db)
            Write(db, accB, sumDy, ref _scratchB);
        if (tape.GradOf(_x, out bool accX) is not { } dx)
            return;
        // dx = A·dy + B·x̂ + C per channel; B and C vanish when the statistics are constants (evaluation mode).
        var a = Reuse(ref _a, channels).AsSpan(0, channels);
        var b = Reuse(ref _b, channels).AsSpan(0, channels);
        var c = Reuse(ref _c, channels).AsSpan(0, channels);
        for (int ch = 0; ch < channels; ch++)
        {
            a[ch] = g[ch] * _invStd![ch];
            b[ch] = _batchStats ? (float)(-a[ch] * sumDyXhat[ch] / m) : 0f;
            c[ch] = _batchStats ? (float)(-a[ch] * sumDy[ch] / m) : 0f;
        }
        var target = Target(dx, accX, ref _scratchX);
        for (int i = 0; i < n; i++)
        {
            if (size == 1)
            {
                var row = target.Slice(i * channels, channels);
                TensorPrimitives.FusedMultiplyAdd(dy.Slice(i * channels, channels), a, c, row);
                TensorPrimitives.FusedMultiplyAdd(xhat.Slice(i * channels, channels), b, row, row);
                continue;
            }
            for (int ch = 0; ch < channels; ch++)
            {
                int at = (i * channels + ch) * size;
                var plane = target.Slice(at, size);
                TensorPrimitives.Multiply(dy.Slice(at, size), a[ch], plane);
                TensorPrimitives.Add(plane, c[ch], plane);
                TensorPrimitives.FusedMultiplyAdd(xhat.Slice(at, size), b[ch], plane, plane);
            }
        }
        Commit(dx, accX, _scratchX);
    }

    static void Write(Tensor grad, bool accumulate, double[] values, ref float[]? scratch)
    {
        var target = Target(grad, accumulate, ref scratch);
        for (int i = 0; i < values.Length; i++)
            target[i] = (float)values[i];
        Commit(grad, accumulate, scratch);
    }

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements, reusing <paramref name="buffer"/> when it has that length.</summary>
    static double[] Zeroed(ref double[]? buffer, int length)
    {
        if (buffer?.Length == length)
            Array.Clear(buffer);
        else
            buffer = new double[length];
        return buffer;
    }
}
