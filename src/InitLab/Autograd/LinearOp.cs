using InitLab.Compute;
using InitLab.Tensors;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>y = x·Wᵀ + b (PyTorch <c>Linear</c>): x [B, in], W [out, in] (OutIn layout), b [out] or none.</summary>
    /// <remarks>Derivatives: dx = dy·W, dW = dyᵀ·x, db = Σ_rows dy (rows added in order, so the bits do not depend on threads).
    /// Under <see cref="Numerics.Precision.Bf16"/> x, W, b and dy enter the products rounded to bfloat16, the products accumulate in
    /// float32, and y is rounded to bfloat16; dx, dW and db stay float32 (<see cref="Numerics.Precision"/>).</remarks>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static Variable Linear(Tape tape, string layer, Variable x, Variable weight, Variable? bias)
    {
        var w = weight.Value;
        if (x.Value.Rank != 2 || w.Rank != 2 || x.Value.Dim(1) != w.Dim(1) || bias is not null && (bias.Value.Rank != 1 || bias.Value.Dim(0) != w.Dim(0)))
            throw new ArgumentException($"{layer}: linear needs x [B, in], weight [out, in] and bias [out]; got x {x.Value}, weight {w}, bias {bias?.Value.ToString() ?? "none"}.");
        return tape.Record<LinearNode>(layer).Forward(tape, x, weight, bias);
    }
}

internal sealed class LinearNode : Node
{
    Variable _x = null!, _w = null!;
    Variable? _b;
    float[]? _scratch, _xBf16, _wBf16, _bBf16, _dyBf16;

    public override string Operation => "linear";

    public Variable Forward(Tape tape, Variable x, Variable w, Variable? b)
    {
        (_x, _w, _b) = (x, w, b);
        int rows = x.Value.Dim(0), inputs = w.Value.Dim(1), outputs = w.Value.Dim(0);
        var y = SetOutput([rows, outputs], x.RequiresGrad || w.RequiresGrad || b is { RequiresGrad: true });
        var ys = y.Span;
        if (b is not null)
        {
            var bs = Operand(tape, b.Value.Span, ref _bBf16);
            for (int r = 0; r < rows; r++)
                bs.CopyTo(ys.Slice(r * outputs, outputs));
        }
        Gemm.Sgemm(Transpose.No, Transpose.Yes, rows, outputs, inputs, 1f, Operand(tape, x.Value.Span, ref _xBf16), inputs,
            Operand(tape, w.Value.Span, ref _wBf16), inputs, b is null ? 0f : 1f, ys, outputs, tape.Threads);
        RoundOutput(tape, ys);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        var dy = Operand(tape, Output.Grad!.Span, ref _dyBf16);
        int rows = _x.Value.Dim(0), inputs = _w.Value.Dim(1), outputs = _w.Value.Dim(0);
        if (tape.GradOf(_w, out bool accW) is { } dw)
            Gemm.Sgemm(Transpose.Yes, Transpose.No, outputs, inputs, rows, 1f, dy, outputs, Saved(tape, _x.Value.Span, _xBf16), inputs,
                accW ? 1f : 0f, dw.Span, inputs, tape.Threads);
        if (_b is not null && tape.GradOf(_b, out bool accB) is { } db)
        {
            SumRows(dy, Target(db, accB, ref _scratch));
            Commit(db, accB, _scratch);
        }
        if (tape.GradOf(_x, out bool accX) is { } dx)
            Gemm.Sgemm(Transpose.No, Transpose.No, rows, inputs, outputs, 1f, dy, outputs, Saved(tape, _w.Value.Span, _wBf16), inputs,
                accX ? 1f : 0f, dx.Span, inputs, tape.Threads);
    }
}
