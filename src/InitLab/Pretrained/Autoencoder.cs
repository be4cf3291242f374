using InitLab.Activations;
using InitLab.Autograd;
using InitLab.Nn;
using InitLab.Tensors;

namespace InitLab.Pretrained;

/// <summary>One layer of greedy layer-wise pretraining: an autoencoder whose encoder is a hidden Linear layer of the model.</summary>
/// <remarks>
/// h = f(x̃·Wᵀ + b), x̂ = h·W + c (tied, <see cref="Ops.LinearTransposed"/>) or x̂ = h·W′ᵀ + c (untied, W′ [in, out]),
/// L = (1/(B·n))·Σ (x̂ − x)², the mean squared error against the clean input x (x̃ = x for a plain autoencoder, the
/// masked x for a denoising one). The decoder is linear: the inputs of the first layer are standardized pixels, which
/// are not in (0, 1), so the cross-entropy reconstruction of Bengio et al. 2007 for sigmoid units is not used; the same
/// loss serves every layer and activation (docs/training.md). Bengio, Lamblin, Popovici &amp; Larochelle 2007, "Greedy
/// layer-wise training of deep networks"; Vincent, Larochelle, Bengio &amp; Manzagol 2008, "Extracting and composing
/// robust features with denoising autoencoders".
/// </remarks>
public sealed class Autoencoder
{
    /// <summary>Wraps <paramref name="encoder"/> (named, e.g. <c>layers.2</c>) with a new decoder named <c>decoder.2</c>.</summary>
    /// <param name="encoder">The model's hidden layer; training changes its parameters.</param>
    /// <param name="activation">f, the activation after the encoder.</param>
    /// <param name="tied">Whether the decoder uses Wᵀ (a bias c of its own) instead of a weight W′ of its own.</param>
    public Autoencoder(Linear encoder, Activation activation, bool tied)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(activation);
        (Encoder, Activation, Tied) = (encoder, activation, tied);
        string name = "decoder" + encoder.Name[encoder.Name.LastIndexOf('.')..];
        if (tied)
            DecoderBias = new Parameter(name + ".bias", ParameterRole.Bias, [encoder.Inputs], encoder.Outputs, encoder.Inputs, 1);
        else
        {
            Decoder = new Linear(encoder.Outputs, encoder.Inputs);
            Decoder.SetName(name);
            DecoderBias = Decoder.Bias!;
        }
    }

    /// <summary>The model's layer being pretrained.</summary>
    public Linear Encoder { get; }

    /// <summary>f.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the decoder's weight is the encoder's, transposed.</summary>
    public bool Tied { get; }

    /// <summary>The untied decoder (W′ [in, out], c), or null when tied.</summary>
    public Linear? Decoder { get; }

    /// <summary>c [in].</summary>
    public Parameter DecoderBias { get; }

    /// <summary>Every parameter trained: W, b, then W′ and c, or c.</summary>
    public IReadOnlyList<Parameter> Parameters => [.. Encoder.OwnParameters, .. Decoder?.OwnParameters ?? [DecoderBias]];

    /// <summary>The decoder's parameters alone (what the initializer fills besides the model's).</summary>
    public IReadOnlyList<Parameter> DecoderParameters => [.. Decoder?.OwnParameters ?? [DecoderBias]];

    /// <summary>The code h = f(x·Wᵀ + b) of a batch x [B, in].</summary>
    public Variable Encode(Tape tape, Variable x) => Ops.Activate(tape, Encoder.Name + ".act", Encoder.Forward(tape, x), Activation);

    /// <summary>The reconstruction x̂ of <paramref name="input"/> and its loss against <paramref name="target"/> (the clean input).</summary>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public (Variable Reconstruction, Variable Loss) Forward(Tape tape, Variable input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(tape);
        var h = Encode(tape, input);
        var reconstruction = Decoder is not null
            ? Decoder.Forward(tape, h)
            : Ops.LinearTransposed(tape, DecoderBias.Name[..DecoderBias.Name.LastIndexOf('.')], h, Encoder.Weight, DecoderBias);
        return (reconstruction, Ops.MeanSquaredError(tape, "reconstruction", reconstruction, target));
    }
}
