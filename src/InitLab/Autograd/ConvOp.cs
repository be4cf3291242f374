using InitLab.Compute;
using InitLab.Tensors;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>y = conv(x, W) + b (PyTorch <c>Conv2d</c>, NCHW): x [N, C_in, H, W], W [C_out, C_in, KH, KW] (OutIn layout), b [C_out] or none.</summary>
    /// <remarks>The kernels are <see cref="Compute.Conv2d"/>'s: im2col + SGEMM, with weight-gradient chunks summed in a fixed order.
    /// Under <see cref="Numerics.Precision.Bf16"/> x, W, b and dy are rounded to bfloat16 and y is rounded to bfloat16, as in <see cref="Linear"/>.</remarks>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static Variable Conv2d(Tape tape, string layer, Variable x, Variable weight, Variable? bias, int stride = 1, int padding = 0)
    {
        var (xs, w) = (x.Value, weight.Value);
        if (xs.Rank != 4 || w.Rank != 4 || xs.Dim(1) != w.Dim(1) || bias is not null && (bias.Value.Rank != 1 || bias.Value.Dim(0) != w.Dim(0)))
            throw new ArgumentException($"{layer}: conv2d needs x [N, C, H, W], weight [C_out, C, KH, KW] and bias [C_out]; got x {xs}, weight {w}, bias {bias?.Value.ToString() ?? "none"}.");
        return tape.Record<ConvNode>(layer).Forward(tape, x, weight, bias, stride, padding);
    }
}

internal sealed class ConvNode : Node
{
    Variable _x = null!, _w = null!;
    Variable? _b;
    Conv2dGeometry? _geometry;
    float[]? _dx, _dw, _db, _xBf16, _wBf16, _bBf16, _dyBf16;

    public override string Operation => "conv2d";

    public Variable Forward(Tape tape, Variable x, Variable w, Variable? b, int stride, int padding)
    {
        (_x, _w, _b) = (x, w, b);
        var (xs, ws) = (x.Value, w.Value);
        if (_geometry is not { } g || g.Batch != xs.Dim(0) || g.InChannels != xs.Dim(1) || g.Height != xs.Dim(2) || g.Width != xs.Dim(3)
            || g.OutChannels != ws.Dim(0) || g.KernelHeight != ws.Dim(2) || g.KernelWidth != ws.Dim(3) || g.StrideH != stride || g.PadH != padding)
            _geometry = g = new Conv2dGeometry(xs.Dim(0), xs.Dim(1), xs.Dim(2), xs.Dim(3), ws.Dim(0), ws.Dim(2), ws.Dim(3), stride, padding);
        var y = SetOutput([g.Batch, g.OutChannels, g.OutHeight, g.OutWidth], x.RequiresGrad || w.RequiresGrad || b is { RequiresGrad: true });
        Compute.Conv2d.Forward(g, Operand(tape, xs.Span, ref _xBf16), Operand(tape, ws.Span, ref _wBf16),
            b is null ? [] : Operand(tape, b.Value.Span, ref _bBf16), y.Span, tape.Threads);
        RoundOutput(tape, y.Span);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        var dx = tape.GradOf(_x, out bool accX);
        var dw = tape.GradOf(_w, out bool accW);
        Tensor? db = null;
        bool accB = false;
        if (_b is not null)
            db = tape.GradOf(_b, out accB);
        Compute.Conv2d.Backward(_geometry!, Saved(tape, _x.Value.Span, _xBf16), Saved(tape, _w.Value.Span, _wBf16),
            Operand(tape, Output.Grad!.Span, ref _dyBf16),
            dx is null ? [] : Target(dx, accX, ref _dx),
            dw is null ? [] : Target(dw, accW, ref _dw),
            db is null ? [] : Target(db, accB, ref _db), tape.Threads);
        if (dx is not null) Commit(dx, accX, _dx);
        if (dw is not null) Commit(dw, accW, _dw);
        if (db is not null) Commit(db, accB, _db);
    }
}
