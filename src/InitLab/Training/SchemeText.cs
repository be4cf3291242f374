using System.Globalization;
using InitLab.Init;

namespace InitLab.Training;

/// <summary>A scheme as written on the command line: <c>NAME[:KEY=VALUE[,KEY=VALUE…]]</c>, e.g. <c>he-normal:mode=fan-out</c>.</summary>
/// <param name="Name">The registry name or alias.</param>
/// <param name="Arguments">The parameters given.</param>
/// <param name="Flavor">The framework conventions (<c>flavor=keras</c>); PyTorch by default.</param>
/// <remarks>
/// Keys are the registry's parameter names (gain, mode, nonlinearity, negative-slope, scale, distribution, mean, std, low,
/// high, value, sparsity) plus <c>flavor</c>; '_' and '-' are alike. <see cref="SchemeRegistry.Create"/> rejects a key the scheme does not take.
/// </remarks>
public sealed record SchemeText(string Name, SchemeArguments Arguments, Flavor Flavor)
{
    /// <summary>Parses <paramref name="text"/>; errors quote <paramref name="option"/>.</summary>
    /// <exception cref="ArgumentException">The text is malformed, a key is unknown or a value does not parse.</exception>
    public static SchemeText Parse(string text, string option)
    {
        var (name, pairs) = SpecText.Split(text, option, "scheme");
        SchemeRegistry.Find(name);
        var arguments = new SchemeArguments();
        var flavor = Flavor.PyTorch;
        var keys = new List<string>();
        foreach (var (key, value) in pairs)
        {
            keys.Add(key);
            if (key == "flavor")
                flavor = EnumText.Parse<Flavor>(value, "flavor");
            else
                arguments = With(arguments, key, value, option, text);
        }
        return new SchemeText(name, arguments, flavor) { Keys = keys };
    }

    /// <summary>The keys the text gives, in order, normalized ('_' as '-', lower case), <c>flavor</c> included.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>Builds the scheme, filling the nonlinearity from <paramref name="following"/> when the scheme takes one and none was given.</summary>
    /// <exception cref="ArgumentException">The arguments do not fit the scheme, or no gain is known for the following activation.</exception>
    public InitScheme Create(Activations.Activation following, string parameter)
    {
        var info = SchemeRegistry.Find(Name);
        var arguments = Arguments;
        if (info.Parameters.Contains("nonlinearity") && arguments.Nonlinearity is null && arguments.NegativeSlope is null)
            arguments = arguments with
            {
                Nonlinearity = NonlinearityOf(following, parameter, Name),
                NegativeSlope = following.Kind == Activations.ActivationKind.LeakyRelu ? following.Parameter : null,
            };
        return SchemeRegistry.Create(Name, arguments, Flavor);
    }

    /// <summary>The catalog's gain key for an activation.</summary>
    static Nonlinearity NonlinearityOf(Activations.Activation a, string parameter, string scheme) => a.Kind switch
    {
        Activations.ActivationKind.Identity => Nonlinearity.Linear,
        Activations.ActivationKind.Sigmoid => Nonlinearity.Sigmoid,
        Activations.ActivationKind.Tanh => Nonlinearity.Tanh,
        Activations.ActivationKind.Relu => Nonlinearity.Relu,
        Activations.ActivationKind.LeakyRelu => Nonlinearity.LeakyRelu,
        Activations.ActivationKind.Selu => Nonlinearity.Selu,
        Activations.ActivationKind.Gelu => Nonlinearity.Gelu,
        Activations.ActivationKind.Silu => Nonlinearity.Silu,
        Activations.ActivationKind.Elu when a.Parameter == 1 => Nonlinearity.Elu,
        _ => throw new ArgumentException(
            $"{parameter}: {scheme} takes its gain from the following activation {a}, for which the catalog has no gain; " +
            $"give one explicitly, e.g. {scheme}:nonlinearity=relu."),
    };

    static SchemeArguments With(SchemeArguments a, string key, string value, string option, string text)
    {
        double Number()
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new ArgumentException($"{option} = '{text}': {key} = '{value}' is not a number.");
            return v;
        }
        return key switch
        {
            "gain" => a with { Gain = Number() },
            "mode" => a with { Mode = EnumText.Parse<FanMode>(value, "mode") },
            "nonlinearity" => a with { Nonlinearity = Gains.Parse(value) },
            "negative-slope" => a with { NegativeSlope = Number() },
            "scale" => a with { Scale = Number() },
            "distribution" => a with { Distribution = EnumText.Parse<ScalingDistribution>(value, "distribution") },
            "mean" => a with { Mean = Number() },
            "std" => a with { Std = Number() },
            "low" => a with { Low = Number() },
            "high" => a with { High = Number() },
            "value" => a with { Value = Number() },
            "sparsity" => a with { Sparsity = Number() },
            _ => throw new ArgumentException($"{option} = '{text}': '{key}' is not a scheme parameter; use gain, mode, nonlinearity, negative-slope, " +
                                             "scale, distribution, mean, std, low, high, value, sparsity or flavor."),
        };
    }
}
