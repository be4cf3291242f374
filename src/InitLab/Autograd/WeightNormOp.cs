using System.Numerics.Tensors;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>w = g·v/‖v‖ row by row (Salimans &amp; Kingma 2016): v [out, …], g [out]; row i of w is v's row i scaled to norm g_i.</summary>
    /// <remarks>
    /// With v̂ = v/‖v‖ per row: dg_i = ⟨dw_i, v̂_i⟩ and dv_i = (g_i/‖v_i‖)·(dw_i − ⟨dw_i, v̂_i⟩·v̂_i).
    /// Salimans &amp; Kingma 2016, "Weight Normalization", https://arxiv.org/abs/1602.07868.
    /// </remarks>
    /// <exception cref="ArgumentException">g is not [rows of v], or a row of v is zero.</exception>
    public static Variable WeightNorm(Tape tape, string layer, Variable v, Variable g)
    {
        if (v.Value.Rank < 2 || g.Value.Rank != 1 || g.Value.Dim(0) != v.Value.Dim(0))
            throw new ArgumentException($"{layer}: weight norm needs v [out, …] and g [out]; got v {v.Value}, g {g.Value}.");
        return tape.Record<WeightNormNode>(layer).Forward(v, g, layer);
    }
}

internal sealed class WeightNormNode : Node
{
    Variable _v = null!, _g = null!;
    float[]? _norms, _dv;

    public override string Operation => "weight-norm";

    public Variable Forward(Variable v, Variable g, string layer)
    {
        (_v, _g) = (v, g);
        int rows = v.Value.Dim(0), cols = v.Value.Length / rows;
        var w = SetOutput(v.Value.Shape, v.RequiresGrad || g.RequiresGrad);
        var norms = Reuse(ref _norms, rows);
        for (int r = 0; r < rows; r++)
        {
            var row = v.Value.Span.Slice(r * cols, cols);
            norms[r] = TensorPrimitives.Norm(row);
            if (!(norms[r] > 0))
                throw new ArgumentException($"{layer}: row {r} of v has norm {norms[r]}; weight norm needs every row nonzero.");
            TensorPrimitives.Multiply(row, g.Value.Span[r] / norms[r], w.Span.Slice(r * cols, cols));
        }
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        int rows = _v.Value.Dim(0), cols = _v.Value.Length / rows;
        ReadOnlySpan<float> dw = Output.Grad!.Span, v = _v.Value.Span, g = _g.Value.Span;
        var dg = tape.GradOf(_g, out bool accG);
        var dv = tape.GradOf(_v, out bool accV);
        Span<float> dvTarget = dv is null ? [] : Target(dv, accV, ref _dv);
        for (int r = 0; r < rows; r++)
        {
            var dwRow = dw.Slice(r * cols, cols);
            var vRow = v.Slice(r * cols, cols);
            float norm = _norms![r];
            float projection = TensorPrimitives.Dot(dwRow, vRow) / norm;   // ⟨dw, v̂⟩
            if (dg is not null)
                dg.Span[r] = accG ? dg.Span[r] + projection : projection;
            if (dv is not null)
            {
                var target = dvTarget.Slice(r * cols, cols);
                // dv = (g/‖v‖)·dw − (g·⟨dw, v̂⟩/‖v‖²)·v
                TensorPrimitives.Multiply(vRow, -g[r] * projection / (norm * norm), target);
                TensorPrimitives.MultiplyAdd(dwRow, g[r] / norm, target, target);
            }
        }
        if (dv is not null)
            Commit(dv, accV, _dv);
    }
}
