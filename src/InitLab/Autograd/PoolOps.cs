using InitLab.Compute;
using InitLab.Tensors;

namespace InitLab.Autograd;

public static partial class Ops
{
    /// <summary>Max pooling over kernel×kernel windows (PyTorch <c>MaxPool2d</c>, NCHW); the gradient goes to each window's first maximum.</summary>
    /// <exception cref="ArgumentException">x is not rank 4.</exception>
    public static Variable MaxPool2d(Tape tape, string layer, Variable x, int kernel, int stride) =>
        tape.Record<PoolNode>(layer).Forward(tape, RequireImages(x, layer, "max_pool2d"), kernel, stride, max: true);

    /// <summary>Average pooling over kernel×kernel windows (PyTorch <c>AvgPool2d</c>, NCHW).</summary>
    /// <exception cref="ArgumentException">x is not rank 4.</exception>
    public static Variable AvgPool2d(Tape tape, string layer, Variable x, int kernel, int stride) =>
        tape.Record<PoolNode>(layer).Forward(tape, RequireImages(x, layer, "avg_pool2d"), kernel, stride, max: false);

    /// <summary>The mean of each channel plane: [N, C, H, W] → [N, C]; the gradient spreads dy/(H·W) over the plane.</summary>
    /// <exception cref="ArgumentException">x is not rank 4.</exception>
    public static Variable GlobalAvgPool(Tape tape, string layer, Variable x) =>
        tape.Record<GlobalAvgPoolNode>(layer).Forward(RequireImages(x, layer, "global_avg_pool"));

    static Variable RequireImages(Variable x, string layer, string op) => x.Value.Rank == 4
        ? x
        : throw new ArgumentException($"{layer}: {op} needs x [N, C, H, W]; got {x.Value}.");
}

internal sealed class PoolNode : Node
{
    Variable _x = null!;
    Pool2dGeometry? _geometry;
    bool _max;
    int[]? _indices;
    float[]? _scratch;

    public override string Operation => _max ? "max_pool2d" : "avg_pool2d";

    public Variable Forward(Tape tape, Variable x, int kernel, int stride, bool max)
    {
        (_x, _max) = (x, max);
        var xs = x.Value;
        if (_geometry is not { } g || g.Batch != xs.Dim(0) || g.Channels != xs.Dim(1) || g.Height != xs.Dim(2) || g.Width != xs.Dim(3) || g.Kernel != kernel || g.Stride != stride)
            _geometry = g = new Pool2dGeometry(xs.Dim(0), xs.Dim(1), xs.Dim(2), xs.Dim(3), kernel, stride);
        var y = SetOutput([g.Batch, g.Channels, g.OutHeight, g.OutWidth], x.RequiresGrad);
        if (max)
        {
            if (_indices is null || _indices.Length != g.OutputLength)
                _indices = new int[g.OutputLength];
            Pool2d.MaxForward(g, xs.Span, y.Span, _indices, tape.Threads);
        }
        else
            Pool2d.AvgForward(g, xs.Span, y.Span, tape.Threads);
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        if (tape.GradOf(_x, out bool acc) is not { } dx)
            return;
        var target = Target(dx, acc, ref _scratch);
        if (_max)
            Pool2d.MaxBackward(_geometry!, Output.Grad!.Span, _indices, target, tape.Threads);
        else
            Pool2d.AvgBackward(_geometry!, Output.Grad!.Span, target, tape.Threads);
        Commit(dx, acc, _scratch);
    }
}

internal sealed class GlobalAvgPoolNode : Node
{
    Variable _x = null!;

    public override string Operation => "global_avg_pool";

    public Variable Forward(Variable x)
    {
        _x = x;
        int planes = x.Value.Dim(0) * x.Value.Dim(1), size = x.Value.Dim(2) * x.Value.Dim(3);
        var y = SetOutput([x.Value.Dim(0), x.Value.Dim(1)], x.RequiresGrad).Span;
        ReadOnlySpan<float> xs = x.Value.Span;
        for (int p = 0; p < planes; p++)
            y[p] = System.Numerics.Tensors.TensorPrimitives.Sum(xs.Slice(p * size, size)) / size;
        return Output;
    }

    internal override void Backward(Tape tape)
    {
        if (tape.GradOf(_x, out bool acc) is not { } dx)
            return;
        int planes = _x.Value.Dim(0) * _x.Value.Dim(1), size = _x.Value.Dim(2) * _x.Value.Dim(3);
        ReadOnlySpan<float> dy = Output.Grad!.Span;
        var d = dx.Span;
        for (int p = 0; p < planes; p++)
        {
            var plane = d.Slice(p * size, size);
            if (acc)
                System.Numerics.Tensors.TensorPrimitives.Add(plane, dy[p] / size, plane);
            else
                plane.Fill(dy[p] / size);
        }
    }
}
