using InitLab.Compute;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>y = x·W + b, the transposed use of a Linear weight: x [B, out], W [out, in] (OutIn layout), b [in] or none.</summary>
    /// <remarks>
    /// The decoder of an autoencoder with tied weights (Vincent et al. 2008; Bengio et al. 2007): the encoder computes
    /// h = f(x·Wᵀ + b), the decoder x̂ = h·W + c with the same W. Derivatives: dx = dy·Wᵀ, dW = xᵀ·dy (added to the encoder's
    /// share when W is used twice), db = Σ_rows dy (rows added in order, so the bits do not depend on threads).
    /// </remarks>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static Variable LinearTransposed(Tape tape, string layer, Variable x, Variable weight, Variable? bias)
    {
        var w = weight.Value;
        if (x.Value.Rank != 2 || w.Rank != 2 || x.Value.Dim(1) != w.Dim(0) || bias is not null && (bias.Value.Rank != 1 || bias.Value.Dim(0) != w.Dim(1)))
            throw new ArgumentException($"{layer}: transposed linear needs x [B, out], weight [out, in] and bias [in]; got x {x.Value}, weight {w}, bias {bias?.Value.ToString() ?? "none"}.");
        return tape.Record<LinearTransposedNode>(layer).Forward(tape, x, weight, bias);
    }
}

internal sealed class LinearTransposedNode : Node
{
    Variable _x = null!, _w = null!;
    Variable? _b;
    float[]? _scratch, _weightScratch;

    public override string Operation => "linear_transposed";

    public Variable Forward(Tape tape, Variable x, Variable w, Variable? b)
    {
        (_x, _w, _b) = (x, w, b);
        int rows = x.Value.Dim(0), inner = w.Value.Dim(0), outputs = w.Value.Dim(1);
        var y = SetOutput([rows, outputs], x.RequiresGrad || w.RequiresGrad || b is { RequiresGrad: true });
        var ys = y.Span;
        if (b is not null)
            for (int r = 0; r < rows; r++)
                b.Value.Span.CopyTo(ys.Slice(r * outputs, outputs));
        Gemm.Sgemm(Transpose.No, Transpose.No, rows, outputs, inner, 1f, x.Value.Span, inner, w.Value.Span, outputs,
            b is null ? 0f : 1f, ys, outputs, tape.Threads);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        var dy = Output.Grad!.Span;
        int rows = _x.Value.Dim(0), inner = _w.Value.Dim(0), outputs = _w.Value.Dim(1);
        if (tape.GradOf(_w, out bool accW) is { } dw)
        {
            // Written to a scratch buffer and added, so the sum of the two uses is (decoder share) + (encoder share) in that order.
            var target = Target(dw, accW, ref _weightScratch);
            Gemm.Sgemm(Transpose.Yes, Transpose.No, inner, outputs, rows, 1f, _x.Value.Span, inner, dy, outputs, 0f, target, outputs, tape.Threads);
            Commit(dw, accW, _weightScratch);
        }
        if (_b is not null && tape.GradOf(_b, out bool accB) is { } db)
        {
            SumRows(dy, Target(db, accB, ref _scratch));
            Commit(db, accB, _scratch);
        }
        if (tape.GradOf(_x, out bool accX) is { } dx)
            Gemm.Sgemm(Transpose.No, Transpose.Yes, rows, inner, outputs, 1f, dy, outputs, _w.Value.Span, outputs,
                accX ? 1f : 0f, dx.Span, inner, tape.Threads);
    }
}
