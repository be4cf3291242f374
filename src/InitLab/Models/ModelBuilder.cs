using InitLab.Activations;
using InitLab.Models.Spec;
using InitLab.Nn;

namespace InitLab.Models;

/// <summary>Which normalization <c>--norm</c> inserts after every convolution and linear layer except the classifier.</summary>
public enum Normalization
{
    /// <summary>None.</summary>
    None,

    /// <summary>BatchNorm2d after a convolution, BatchNorm1d after a linear layer.</summary>
    Batch,

    /// <summary>LayerNorm over the features (C·H·W after a convolution).</summary>
    Layer,
}

/// <summary>The choices a spec leaves open.</summary>
/// <param name="Activation">The hidden activation (<c>--act</c>).</param>
/// <param name="Normalization">The normalization (<c>--norm</c>).</param>
/// <param name="Dropout">p of the Dropout after every hidden fully connected layer's activation (<c>--dropout</c>); 0 for none.</param>
/// <param name="BranchScale">Whether residual blocks carry a learnable scalar α on the branch (ReZero/SkipInit).</param>
/// <param name="DropConnect">p of DropConnect on the weight of every hidden fully connected layer (<c>--dropconnect</c>, <see cref="Autograd.Ops.DropConnect"/>); 0 for none.</param>
public sealed record ModelOptions(Activation Activation, Normalization Normalization = Normalization.None, double Dropout = 0, bool BranchScale = false, double DropConnect = 0);

/// <summary>Builds the layers of a <see cref="ModelSpec"/> as docs/models.md describes them.</summary>
public static class ModelBuilder
{
    /// <summary>Builds the model for inputs of <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/>.</summary>
    /// <exception cref="ArgumentException">The spec does not fit the input (an MLP input width other than C·H·W, or a CNN that pools the image away).</exception>
    public static Model Build(ModelSpec spec, ModelOptions options, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Dropout >= 0 && options.Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.Dropout, $"dropout = {options.Dropout} is not allowed; it must be in [0, 1).");
        if (!(options.DropConnect >= 0 && options.DropConnect < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.DropConnect, $"dropconnect = {options.DropConnect} is not allowed; it must be in [0, 1).");
        var builder = new Builder(options);
        return spec switch
        {
            MlpSpec mlp => builder.Mlp(mlp, channels * height * width),
            ConvNetSpec cnn => builder.ConvNet(cnn, channels, height, width),
            _ => throw new ArgumentException($"model family {spec.Family} has no builder."),
        };
    }

    sealed class Builder(ModelOptions options)
    {
        readonly List<Module> _layers = [];

        public Model Mlp(MlpSpec spec, int inputs)
        {
            if (spec.Inputs != inputs)
                throw new ArgumentException($"model '{spec}' takes {spec.Inputs} inputs, but the data has {inputs} values per image; start the spec with {inputs}.");
            int width = spec.Inputs;
            foreach (var item in spec.Hidden)
            {
                if (item is DenseLayer dense)
                {
                    Dense(_layers, width, dense.Width);
                    width = dense.Width;
                    continue;
                }
                var stage = (ResidualDenseStage)item;
                if (width != stage.Width)
                {
                    LinearBlock(_layers, width, stage.Width);
                    width = stage.Width;
                }
                for (int b = 0; b < stage.Blocks; b++)
                {
                    var branch = new List<Module>();
                    LinearBlock(branch, width, width);
                    branch.Add(new Linear(width, width));
                    AddNorm(branch, [width]);
                    _layers.Add(new Residual(new Sequential(branch), options.BranchScale));
                }
            }
            _layers.Add(new Linear(width, spec.Classes));
            return new Model(spec, new Sequential(_layers), [inputs]);
        }

        public Model ConvNet(ConvNetSpec spec, int channels, int height, int width)
        {
            int[] input = [channels, height, width];
            bool flat = false;
            foreach (var item in spec.Features)
            {
                switch (item)
                {
                    case ConvLayer conv:
                        ConvBlock(_layers, channels, conv.Channels, conv.Kernel, height, width);
                        channels = conv.Channels;
                        break;
                    case MaxPoolLayer:
                        if (height < 2 || width < 2)
                            throw new ArgumentException($"model '{spec}': a 2×2 pool cannot shrink a {height}×{width} image; remove a 'p'.");
                        _layers.Add(new MaxPool2d(2, 2));
                        (height, width) = (height / 2, width / 2);
                        break;
                    case ResidualConvStage stage:
                        if (channels != stage.Channels)
                        {
                            ConvBlock(_layers, channels, stage.Channels, 1, height, width);
                            channels = stage.Channels;
                        }
                        for (int b = 0; b < stage.Blocks; b++)
                        {
                            var branch = new List<Module>();
                            ConvBlock(branch, channels, channels, 3, height, width);
                            branch.Add(new Conv2d(channels, channels, 3, padding: 1));
                            AddNorm(branch, [channels, height, width]);
                            _layers.Add(new Residual(new Sequential(branch), options.BranchScale));
                        }
                        break;
                    default:
                        _layers.Add(new GlobalAvgPool());
                        (height, width, flat) = (1, 1, true);
                        break;
                }
            }
            if (!flat)
                _layers.Add(new Flatten());
            int features = channels * height * width;
            foreach (var dense in spec.Dense)
            {
                Dense(_layers, features, dense.Width);
                features = dense.Width;
            }
            _layers.Add(new Linear(features, spec.Classes));
            return new Model(spec, new Sequential(_layers), input);
        }

        /// <summary>A hidden fully connected layer: Linear (with DropConnect on its weight) – norm – act – dropout.</summary>
        void Dense(List<Module> layers, int inputs, int outputs)
        {
            LinearBlock(layers, inputs, outputs, options.DropConnect);
            if (options.Dropout > 0)
                layers.Add(new Dropout(options.Dropout));
        }

        /// <summary>Linear – norm – act.</summary>
        void LinearBlock(List<Module> layers, int inputs, int outputs, double dropConnect = 0)
        {
            layers.Add(new Linear(inputs, outputs) { DropConnect = dropConnect });
            AddNorm(layers, [outputs]);
            layers.Add(new ActivationLayer(options.Activation));
        }

        /// <summary>Conv(K×K, same padding) – norm – act.</summary>
        void ConvBlock(List<Module> layers, int inputs, int outputs, int kernel, int height, int width)
        {
            layers.Add(new Conv2d(inputs, outputs, kernel, padding: (kernel - 1) / 2));
            AddNorm(layers, [outputs, height, width]);
            layers.Add(new ActivationLayer(options.Activation));
        }

        /// <summary>The normalization for features of <paramref name="shape"/> ([F] or [C, H, W]).</summary>
        void AddNorm(List<Module> layers, int[] shape)
        {
            switch (options.Normalization)
            {
                case Normalization.Batch:
                    layers.Add(shape.Length == 1 ? new BatchNorm1d(shape[0]) : new BatchNorm2d(shape[0]));
                    break;
                case Normalization.Layer:
                    layers.Add(new LayerNorm(shape));
                    break;
            }
        }
    }
}
