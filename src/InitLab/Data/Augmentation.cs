using System.Globalization;
using InitLab.Random;

namespace InitLab.Data;

/// <summary>Random image transforms for training, applied in the order given; every draw is a pure function of (seed, epoch, image index).</summary>
/// <remarks>
/// Grammar (<c>--augment</c>): transforms separated by commas, each <c>NAME</c> or <c>NAME:KEY=VALUE</c>; a further
/// <c>KEY=VALUE</c> item after a comma belongs to the transform before it. Example: <c>crop:pad=4,flip,shift:max=2</c>.
/// <list type="bullet">
/// <item><c>crop:pad=P</c> (P ≥ 1, default 4): pad by P black pixels on every side, then cut the original size at offsets
/// (dx, dy) ∈ {0 … 2P}²: y'[r, c] = x[r + dy − P, c + dx − P] (black outside). torchvision <c>RandomCrop(size, padding=P)</c>.</item>
/// <item><c>flip:p=p</c> (default 0.5): with probability p, y'[r, c] = x[r, W − 1 − c]. torchvision <c>RandomHorizontalFlip(p)</c>.</item>
/// <item><c>shift:max=m</c> (0 &lt; m &lt; min(H, W)/2, default 2): an affine translation by (t_x, t_y) ~ U[−m, m]², sub-pixel, sampled
/// bilinearly: y'[r, c] = bilinear(x, r − t_y, c − t_x), black outside the image (torchvision <c>RandomAffine(0, translate)</c>
/// rounds t to whole pixels; this does not).</item>
/// </list>
/// Randomness: the transform named N draws for training image i in 0-based epoch e the four words of the Philox4x32-10 block
/// with counter (i, e, H₀, H₁) and key (seed low, seed high), H being the name hash of <c>augment/N</c> (docs/random.md);
/// a word w becomes u = w/2³² ∈ [0, 1), and an integer in 0 … k − 1 as ⌊w·k/2³²⌋. The draws depend on nothing else (not the
/// batch, the thread count or the other transforms), so the same run gives the same bits on any thread count and after resume.
/// "Black" is the normalized value of pixel 0. The index i is the image's index in the set trained on (after <c>--val</c>).
/// </remarks>
public sealed class Augmentation
{
    Augmentation(IReadOnlyList<ImageTransform> transforms) => Transforms = transforms;

    /// <summary>The transforms, in the order they apply.</summary>
    public IReadOnlyList<ImageTransform> Transforms { get; }

    /// <summary>The transform names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["crop", "flip", "shift"];

    /// <summary>Parses an <c>--augment</c> value such as <c>crop:pad=4,flip,shift:max=2</c>.</summary>
    /// <exception cref="ArgumentException">A name, key or value is not allowed; the message names it and what is allowed.</exception>
    public static Augmentation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = new List<(string Name, Dictionary<string, string> Keys)>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            int colon = item.IndexOf(':');
            int equals = item.IndexOf('=');
            if (item.Length == 0)
                throw new ArgumentException($"--augment = '{text}' has an empty item; write NAME[:KEY=VALUE],... e.g. crop:pad=4,flip,shift:max=2.");
            if (colon < 0 && equals >= 0)
            {
                if (groups.Count == 0)
                    throw new ArgumentException($"--augment = '{text}' starts with '{item}'; a KEY=VALUE must follow a transform name ({string.Join(", ", Names)}).");
                AddKey(text, groups[^1], item);
                continue;
            }
            string name = colon < 0 ? item : item[..colon];
            if (!Names.Contains(name))
                throw new ArgumentException($"--augment = '{text}': unknown transform '{name}'; use {string.Join(", ", Names)}.");
            if (groups.Any(g => g.Name == name))
                throw new ArgumentException($"--augment = '{text}' names '{name}' twice; give each transform once.");
            groups.Add((name, []));
            if (colon >= 0)
                AddKey(text, groups[^1], item[(colon + 1)..]);
        }
        return new Augmentation([.. groups.Select(g => Create(text, g.Name, g.Keys))]);
    }

    static void AddKey(string text, (string Name, Dictionary<string, string> Keys) group, string pair)
    {
        var kv = pair.Split('=', 2);
        if (kv.Length != 2 || kv[0].Length == 0)
            throw new ArgumentException($"--augment = '{text}': '{pair}' in {group.Name} is not KEY=VALUE.");
        if (!group.Keys.TryAdd(kv[0], kv[1]))
            throw new ArgumentException($"--augment = '{text}': {group.Name} has '{kv[0]}' twice.");
    }

    static ImageTransform Create(string text, string name, Dictionary<string, string> keys)
    {
        string allowed = name switch { "crop" => "pad", "flip" => "p", _ => "max" };
        foreach (string key in keys.Keys)
            if (key != allowed)
                throw new ArgumentException($"--augment = '{text}': {name} has no key '{key}'; its key is {allowed}.");
        double Number(double fallback)
        {
            if (!keys.TryGetValue(allowed, out var value))
                return fallback;
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? v
                : throw new ArgumentException($"--augment = '{text}': {name}:{allowed} = '{value}' is not a number.");
        }
        switch (name)
        {
            case "crop":
                double pad = Number(4);
                if (pad != Math.Floor(pad) || pad < 1 || pad > 64)
                    throw new ArgumentException($"--augment = '{text}': crop:pad = {Format(pad)} is not allowed; it must be a whole number of pixels in 1 … 64.");
                return new CropTransform((int)pad);
            case "flip":
                double p = Number(0.5);
                if (!(p > 0 && p <= 1))
                    throw new ArgumentException($"--augment = '{text}': flip:p = {Format(p)} is not allowed; it must be in (0, 1].");
                return new FlipTransform(p);
            default:
                double max = Number(2);
                if (!(max > 0 && max <= 8))
                    throw new ArgumentException($"--augment = '{text}': shift:max = {Format(max)} is not allowed; it must be in (0, 8] pixels.");
                return new ShiftTransform(max);
        }
    }

    /// <summary>Checks that every transform fits <paramref name="height"/> × <paramref name="width"/> images.</summary>
    /// <exception cref="ArgumentException">A padding or shift is not smaller than half the image.</exception>
    public void CheckFits(int height, int width)
    {
        foreach (var t in Transforms)
            if (t.Reach * 2 >= Math.Min(height, width))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"--augment = '{this}': {t.Name} moves the image up to {t.Reach} pixels, too far for {height}×{width} images; keep it below {Math.Min(height, width) / 2.0}."));
    }

    /// <summary>Transforms a batch in place: image k of <paramref name="images"/> is training image <paramref name="indices"/>[k] in epoch <paramref name="epoch"/>.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <param name="indices">The batch's image indices.</param>
    /// <param name="images">The batch, [indices.Length, height, width] normalized values.</param>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <param name="black">The normalized value of pixel 0, shown where a transform moves the image away.</param>
    public void Apply(ulong seed, int epoch, ReadOnlySpan<int> indices, Span<float> images, int height, int width, float black)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        int size = height * width;
        if (images.Length < (long)indices.Length * size)
            throw new ArgumentException($"images holds {images.Length} values; {indices.Length} images of {height}×{width} need {(long)indices.Length * size}.", nameof(images));
        var scratch = new float[size];
        Span<uint> words = stackalloc uint[4];
        foreach (var transform in Transforms)
        {
            var stream = new RandomStream(seed, "augment/" + transform.Name);
            for (int k = 0; k < indices.Length; k++)
            {
                Draw(stream, epoch, indices[k], words);
                var image = images.Slice(k * size, size);
                if (transform.Transform(image, scratch, height, width, black, words))
                    scratch.CopyTo(image);
            }
        }
    }

    /// <summary>The four words of <paramref name="stream"/>'s Philox block with counter (index, epoch, H₀, H₁).</summary>
    internal static void Draw(RandomStream stream, int epoch, int index, Span<uint> words)
    {
        (words[0], words[1], words[2], words[3]) = IndexKey.Block(stream, index, (uint)epoch);
    }

    /// <summary>The canonical text, e.g. <c>crop:pad=4,flip:p=0.5,shift:max=2</c>.</summary>
    public override string ToString() => string.Join(",", Transforms);

    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One random image transform of <see cref="Augmentation"/>.</summary>
public abstract record ImageTransform
{
    /// <summary>The name in <c>--augment</c>, also the suffix of its stream <c>augment/NAME</c>.</summary>
    public abstract string Name { get; }

    /// <summary>How many pixels the transform can move the image.</summary>
    public abstract double Reach { get; }

    /// <summary>Writes the transformed <paramref name="image"/> into <paramref name="result"/> using the draws <paramref name="words"/>; returns false when it leaves the image as it is.</summary>
    internal abstract bool Transform(ReadOnlySpan<float> image, Span<float> result, int height, int width, float black, ReadOnlySpan<uint> words);

    /// <summary>u = w/2³² ∈ [0, 1).</summary>
    internal static double Unit(uint word) => word / 4294967296.0;

    /// <summary>⌊w·k/2³²⌋ ∈ 0 … k − 1.</summary>
    internal static int Below(uint word, int k) => IndexKey.Below(word, k);
}

/// <summary>Random crop after padding: offsets (dx, dy) = (⌊w₀·(2P+1)/2³²⌋, ⌊w₁·(2P+1)/2³²⌋), y'[r, c] = x[r + dy − P, c + dx − P].</summary>
/// <param name="Padding">P, the black border added on every side.</param>
public sealed record CropTransform(int Padding) : ImageTransform
{
    /// <inheritdoc/>
    public override string Name => "crop";

    /// <inheritdoc/>
    public override double Reach => Padding;

    internal override bool Transform(ReadOnlySpan<float> image, Span<float> result, int height, int width, float black, ReadOnlySpan<uint> words)
    {
        int span = 2 * Padding + 1;
        Translate(image, result, height, width, black, Below(words[0], span) - Padding, Below(words[1], span) - Padding);
        return true;
    }

    /// <summary>y'[r, c] = x[r + dy, c + dx], black where that falls outside the image.</summary>
    public static void Translate(ReadOnlySpan<float> image, Span<float> result, int height, int width, float black, int dx, int dy)
    {
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                int sr = r + dy, sc = c + dx;
                result[r * width + c] = (uint)sr < (uint)height && (uint)sc < (uint)width ? image[sr * width + sc] : black;
            }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"crop:pad={Padding}");
}

/// <summary>Horizontal flip with probability p: when w₀/2³² &lt; p, y'[r, c] = x[r, W − 1 − c].</summary>
/// <param name="Probability">p.</param>
public sealed record FlipTransform(double Probability) : ImageTransform
{
    /// <inheritdoc/>
    public override string Name => "flip";

    /// <inheritdoc/>
    public override double Reach => 0;

    internal override bool Transform(ReadOnlySpan<float> image, Span<float> result, int height, int width, float black, ReadOnlySpan<uint> words)
    {
        if (!(Unit(words[0]) < Probability))
            return false;
        Mirror(image, result, height, width);
        return true;
    }

    /// <summary>y'[r, c] = x[r, W − 1 − c].</summary>
    public static void Mirror(ReadOnlySpan<float> image, Span<float> result, int height, int width)
    {
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
                result[r * width + c] = image[r * width + width - 1 - c];
    }

    /// <inheritdoc/>
    public override string ToString() => "flip:p=" + Probability.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Sub-pixel translation: (t_x, t_y) = (m·(2u₀ − 1), m·(2u₁ − 1)), y'[r, c] = bilinear(x, r − t_y, c − t_x), black outside.</summary>
/// <param name="Max">m, the largest shift in pixels along each axis.</param>
public sealed record ShiftTransform(double Max) : ImageTransform
{
    /// <inheritdoc/>
    public override string Name => "shift";

    /// <inheritdoc/>
    public override double Reach => Max;

    internal override bool Transform(ReadOnlySpan<float> image, Span<float> result, int height, int width, float black, ReadOnlySpan<uint> words)
    {
        Shift(image, result, height, width, black, Max * (2 * Unit(words[0]) - 1), Max * (2 * Unit(words[1]) - 1));
        return true;
    }

    /// <summary>y'[r, c] = bilinear(x, r − ty, c − tx): the weighted mean of the four pixels around the source point, black ones outside the image.</summary>
    public static void Shift(ReadOnlySpan<float> image, Span<float> result, int height, int width, float black, double tx, double ty)
    {
        for (int r = 0; r < height; r++)
        {
            double sr = r - ty;
            int r0 = (int)Math.Floor(sr);
            double fr = sr - r0;
            for (int c = 0; c < width; c++)
            {
                double sc = c - tx;
                int c0 = (int)Math.Floor(sc);
                double fc = sc - c0;
                double top = (1 - fc) * At(image, height, width, black, r0, c0) + fc * At(image, height, width, black, r0, c0 + 1);
                double bottom = (1 - fc) * At(image, height, width, black, r0 + 1, c0) + fc * At(image, height, width, black, r0 + 1, c0 + 1);
                result[r * width + c] = (float)((1 - fr) * top + fr * bottom);
            }
        }
    }

    static double At(ReadOnlySpan<float> image, int height, int width, float black, int r, int c) =>
        (uint)r < (uint)height && (uint)c < (uint)width ? image[r * width + c] : black;

    /// <inheritdoc/>
    public override string ToString() => "shift:max=" + Max.ToString("R", CultureInfo.InvariantCulture);
}
