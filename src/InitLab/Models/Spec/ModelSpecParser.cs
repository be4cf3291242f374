using System.Globalization;

namespace InitLab.Models.Spec;

/// <summary>Recursive-descent parser for the grammar of docs/models.md; positions in errors are 1-based.</summary>
internal sealed class ModelSpecParser(string text)
{
    /// <summary>The largest number any item may hold (a width, channel count, block count or kernel size).</summary>
    internal const int MaxNumber = 1_000_000;

    const string EndOfSpec = "end of spec";
    const string MoreItems = "'-' (a spec ends with the class count)";

    int position;

    public ModelSpec Parse()
    {
        var family = ParseFamily();
        ModelSpec spec = family is ModelFamily.Mlp or ModelFamily.ResMlp ? ParseMlp(family) : ParseConvNet(family);
        if (position < text.Length)
            throw Error("end of spec after the class count");
        return spec;
    }

    ModelFamily ParseFamily()
    {
        int end = position;
        while (end < text.Length && char.IsAsciiLetterLower(text[end]))
            end++;
        string word = text[position..end];
        var families = Enum.GetValues<ModelFamily>();
        int found = Array.FindIndex(families, f => ModelSpec.Prefix(f) == word);
        if (found < 0)
        {
            string[] prefixes = [.. families.Select(f => Quote(ModelSpec.Prefix(f) + ":"))];
            throw Error($"{string.Join(", ", prefixes[..^1])} or {prefixes[^1]}", word.Length > 0 ? Quote(word) : null);
        }
        position = end;
        Separator(':', "':'", "':'");
        return families[found];
    }

    /// <summary>input { "-" ( width | width "x" blocks ) } "-" classes.</summary>
    MlpSpec ParseMlp(ModelFamily family)
    {
        bool residual = family == ModelFamily.ResMlp;
        int inputs = Number("an input width", 1);
        var hidden = new List<HiddenLayer>();
        string follower = "'-'";
        while (true)
        {
            Separator('-', follower);
            int start = position;
            int width = Number("a width or a class count", 1);
            if (residual && Peek() == 'x')
            {
                position++;
                hidden.Add(new ResidualDenseStage(width, Number("a block count", 1)));
                follower = "'-'";
                continue;
            }
            if (position == text.Length)
            {
                if (width < 2)
                    throw Error(NumberRange("a class count", 2), Quote(width), start);
                if (residual && !hidden.Any(h => h is ResidualDenseStage))
                    throw Error("a residual stage 'WIDTHxBLOCKS' before the class count", Quote(width), start);
                return new MlpSpec(family, inputs, hidden, width);
            }
            hidden.Add(new DenseLayer(width));
            follower = residual ? "'x', '-' or end of spec" : "'-' or end of spec";
        }
    }

    /// <summary>conv { "-" feature } [ "-" "g" ] { "-" dense } "-" classes.</summary>
    ConvNetSpec ParseConvNet(ModelFamily family)
    {
        bool residual = family == ModelFamily.ResCnn;
        var features = new List<FeatureLayer>();
        var dense = new List<DenseLayer>();
        if (Peek() != 'c')
            throw Error("'c' (a CNN starts with a convolution)");
        while (true)
        {
            bool imagePhase = dense.Count == 0 && features.LastOrDefault() is not GlobalAvgPoolLayer;
            int start = position;
            char next = Peek();
            string follower = "'-'";
            if (imagePhase && next == 'c')
            {
                var conv = Convolution();
                features.Add(conv);
                follower = text.AsSpan(start, position - start).Contains('k') ? "'-'" : "'k' or '-'";
            }
            else if (imagePhase && next == 'p')
            {
                position++;
                features.Add(new MaxPoolLayer());
            }
            else if (imagePhase && residual && next == 'r')
            {
                position++;
                int channels = Number("a channel count", 1);
                Separator('x', "'x' and a block count", "'x' and a block count");
                features.Add(new ResidualConvStage(channels, Number("a block count", 1)));
            }
            else if (imagePhase && residual && next == 'g')
            {
                position++;
                features.Add(new GlobalAvgPoolLayer());
            }
            else if (next == 'f')
            {
                position++;
                dense.Add(new DenseLayer(Number("a width", 1)));
            }
            else if (char.IsAsciiDigit(next))
            {
                int classes = Number("a class count", 2);
                if (residual && !features.Any(f => f is ResidualConvStage))
                    throw Error("a residual stage 'rNxB' before the class count", Quote(classes), start);
                return new ConvNetSpec(family, features, dense, classes);
            }
            else
                throw Error(ItemChoices(imagePhase, residual));
            Separator('-', follower);
        }
    }

    static string ItemChoices(bool imagePhase, bool residual) => (imagePhase, residual) switch
    {
        (false, _) => "'f' or a class count",
        (true, false) => "'c', 'p', 'f' or a class count",
        (true, true) => "'c', 'r', 'p', 'g', 'f' or a class count",
    };

    /// <summary>"c" channels [ "k" kernel ].</summary>
    ConvLayer Convolution()
    {
        position++;
        int channels = Number("a channel count", 1);
        if (Peek() != 'k')
            return new ConvLayer(channels, ConvLayer.DefaultKernel);
        position++;
        int start = position;
        int kernel = Number("an odd kernel size", 1);
        if (kernel % 2 == 0)
            throw Error("an odd kernel size (same padding needs (K − 1)/2 on each side)", Quote(kernel), start);
        return new ConvLayer(channels, kernel);
    }

    /// <summary>A decimal number without leading zeros in [min, MaxNumber].</summary>
    int Number(string what, int min)
    {
        int start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
            position++;
        string digits = text[start..position];
        if (digits.Length == 0)
            throw Error(NumberRange(what, min), null, start);
        int value = digits[0] == '0' || digits.Length > 7 ? -1 : int.Parse(digits, CultureInfo.InvariantCulture);
        if (value < min || value > MaxNumber)
            throw Error(NumberRange(what, min), Quote(digits), start);
        return value;
    }

    static string NumberRange(string what, int min) => $"{what} ({min} … {MaxNumber})";

    /// <summary>Consumes <paramref name="c"/>; otherwise fails with <paramref name="expected"/>, or <paramref name="atEnd"/> when the text has ended.</summary>
    void Separator(char c, string expected, string atEnd = MoreItems)
    {
        if (Peek() == c)
        {
            position++;
            return;
        }
        throw Error(position == text.Length ? atEnd : expected);
    }

    char Peek() => position < text.Length ? text[position] : '\0';

    static string Quote(object token) => $"'{token}'";

    /// <summary>An error at <paramref name="at"/> (default: the current position); <paramref name="found"/> defaults to the character there.</summary>
    ModelSpecSyntaxException Error(string expected, string? found = null, int? at = null)
    {
        int index = at ?? position;
        found ??= index < text.Length ? Quote(text[index]) : EndOfSpec;
        return new ModelSpecSyntaxException(text, index + 1, expected, found);
    }
}
