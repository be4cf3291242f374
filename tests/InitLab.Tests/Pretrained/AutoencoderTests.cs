using InitLab.Activations;
using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Pretrained;
using InitLab.Tensors;
using Xunit;

namespace InitLab.Tests.Pretrained;

/// <summary>One autoencoder layer of <c>initlab pretrain</c> against PyTorch 1.13: loss and gradients, tied and untied, sigmoid and tanh.</summary>
/// <remarks>The batch, weights and mask are the closed forms of bench/peers/autoencoder_torch.py; the numbers are what
/// <c>/usr/bin/python3 bench/peers/autoencoder_torch.py</c> printed (float64 in torch, float32 here).</remarks>
public class AutoencoderTests
{
    const int B = 3, N = 5, H = 4;

    static readonly Dictionary<string, (double Loss, double[] DW, double[] Db, double[] Dc, double[]? DV)> Torch = new()
    {
        ["sigmoid tied"] = (0.289714544536,
            [-0.0128272435126, 0.00563602213437, -0.0213106342411, -0.0874176208417, -0.169457508103, -0.0271137552528, -0.00400922423477, -0.0318827030569, -0.113855216633, -0.202774335118, -0.0401623723785, -0.013257589607, -0.042675834821, -0.137233210167, -0.231694706613, -0.0489648412613, -0.0198516639727, -0.0511919352488, -0.152553345256, -0.250362320837],
            [0.0301136203525, 0.0125816141693, -0.00754968629133, -0.0250964915635],
            [-0.0496458342774, -0.00796796770184, -0.0688326853003, -0.214126666465, -0.384525343422], null),
        ["sigmoid untied"] = (0.471085638748,
            [-0.00512943652956, -0.00379863745001, -0.000412983431277, -0.00633040448946, -0.00375706527915, 0.00214126181359, 0.00237208130015, 0.00535358524921, 0.00304612661881, 0.00443879277875, 0.00874138969441, 0.00792153242067, 0.0100736367679, 0.0115143930239, 0.0116332666098, 0.0136888510204, 0.01194361316, 0.0130844839987, 0.0178286878996, 0.0166459219235],
            [-0.00480054208514, 0.0107883880576, 0.0240999247938, 0.033110923831],
            [-0.0869165314881, -0.0331096735043, -0.127044562817, -0.314777754128, -0.468938757342],
            [-0.0424316656967, -0.0486787523685, -0.0532616750923, -0.055396066437, -0.0166667980862, -0.0196310041469, -0.0216666188367, -0.0224251106567, -0.0614231034587, -0.0698379457635, -0.0761770028332, -0.0793561726069, -0.150949629088, -0.170351482618, -0.185338015073, -0.193346953445, -0.224441371225, -0.252827160041, -0.274893743399, -0.286868919529]),
        ["tanh tied"] = (0.290329985175,
            [0.0188918758461, 0.0133654996198, 0.0235314956307, 0.0243751633434, 0.0252558297963, -0.0681363407471, -0.0595004901411, -0.0428090052688, -0.0812960529824, -0.0882155344627, -0.124861690107, -0.106596014851, -0.0912364182021, -0.150565349365, -0.164545680592, -0.147768837227, -0.124655896502, -0.114876466463, -0.179033931803, -0.196365624766],
            [0.0161054810405, -0.0609786684755, -0.110459371659, -0.128402932131],
            [-0.17855474532, -0.153960483849, -0.163246245012, -0.212557097356, -0.287710838371], null),
        ["tanh untied"] = (0.456435818387,
            [-0.04459626631, -0.0381921802215, -0.0245887681788, -0.0564146271384, -0.0473197868395, -0.0196310987662, -0.0180848034718, -0.0070263430191, -0.0242962423876, -0.0215494753895, 0.00596283686042, 0.0035681222932, 0.0102314515732, 0.00842238278036, 0.00621577396166, 0.0257290945634, 0.020315311592, 0.0238547072951, 0.0337166693328, 0.0277915543422],
            [-0.0798503739543, -0.0310584271275, 0.0191588521647, 0.0584163360029],
            [-0.140054367284, -0.159465538844, -0.23099485791, -0.317654968058, -0.368565471968],
            [0.00984513404253, -0.0265721931892, -0.0525132499181, -0.0647159541067, 0.0126833790379, -0.0273775987136, -0.0564775460336, -0.0707783393162, 0.018932502757, -0.0379604499689, -0.07959287364, -0.100388728697, 0.0256618483211, -0.0521905835872, -0.109118060661, -0.137521730573, 0.0293848068377, -0.0607657860306, -0.126609371614, -0.15939005741]),
    };

    static void Fill(Span<float> target, int rows, int cols, Func<int, int, double> f)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                target[r * cols + c] = (float)f(r, c);
    }

    [Theory]
    [InlineData("sigmoid", true)]
    [InlineData("sigmoid", false)]
    [InlineData("tanh", true)]
    [InlineData("tanh", false)]
    public void LossAndGradients_MatchTorch(string act, bool tied)
    {
        var encoder = new Linear(N, H);
        encoder.SetName("layers.0");
        Fill(encoder.Weight.Value.Span, H, N, (k, j) => 0.3 * Math.Cos(0.5 * k - 0.7 * j));
        Fill(encoder.Bias!.Value.Span, 1, H, (_, k) => 0.05 * k - 0.1);
        var ae = new Autoencoder(encoder, Activation.Parse(act, "--act"), tied);
        Fill(ae.DecoderBias.Value.Span, 1, N, (_, j) => 0.02 * j);
        if (!tied)
            Fill(ae.Decoder!.Weight.Value.Span, N, H, (j, k) => 0.25 * Math.Sin(0.9 * j + 0.4 * k));
        var x = new Tensor([B, N]);
        var noisy = new Tensor([B, N]);
        Fill(x.Span, B, N, (i, j) => Math.Sin(0.37 * i + 0.11 * j + 0.2));
        Fill(noisy.Span, B, N, (i, j) => (i + 2 * j) % 3 == 0 ? 0 : Math.Sin(0.37 * i + 0.11 * j + 0.2));

        var tape = new Tape(threads: 1);
        var (reconstruction, loss) = ae.Forward(tape, new Variable(noisy, requiresGrad: false), x);
        tape.Backward(loss);

        var expected = Torch[$"{act} {(tied ? "tied" : "untied")}"];
        Assert.Equal([B, N], reconstruction.Value.Shape.ToArray());
        Assert.Equal(expected.Loss, loss.Value.Span[0], 1e-6);
        AssertClose(expected.DW, encoder.Weight.Grad!.Span, "dW");
        AssertClose(expected.Db, encoder.Bias.Grad!.Span, "db");
        AssertClose(expected.Dc, ae.DecoderBias.Grad!.Span, "dc");
        if (!tied)
            AssertClose(expected.DV!, ae.Decoder!.Weight.Grad!.Span, "dV");
        Assert.Equal(tied ? 3 : 4, ae.Parameters.Count);
        Assert.Equal(tied ? "decoder.0.bias" : "decoder.0.weight", ae.DecoderParameters[0].Name);
    }

    static void AssertClose(double[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 + 1e-5 * Math.Abs(expected[i]), $"{what}[{i}]: torch {expected[i]}, InitLab {actual[i]}");
    }

    [Fact]
    public void LinearTransposed_RejectsShapesThatDoNotFit()
    {
        var tape = new Tape(threads: 1);
        var e = Assert.Throws<ArgumentException>(() => Ops.LinearTransposed(tape, "decoder.0", new Variable(new Tensor([2, 3]), false), new Variable(new Tensor([4, 5]), true), null));
        Assert.Contains("decoder.0: transposed linear needs x [B, out]", e.Message);
    }
}
