using System.CommandLine;
using InitLab.Pretrained;

namespace InitLab.Cli.Commands;

/// <summary>The options of <c>--init-from</c> (<see cref="PretrainedInit"/>), shared by <c>train</c> and <c>probe</c>.</summary>
internal sealed class PretrainedCliOptions
{
    readonly Option<string?> _from = new("--init-from") { Description = "Load weights after initialization from a .safetensors file, a sharded directory (model.safetensors.index.json), a directory of .npy files or an InitLab run directory." };
    readonly Option<string[]> _map = new("--map") { Description = "OLD=NEW: rename tensors whose name starts with OLD (repeatable; the first match wins).", AllowMultipleArgumentsPerToken = false };
    readonly Option<bool> _torch = new("--torch-layout") { Description = "Read torch.nn.Sequential state-dict names (0.weight → layers.0.weight) of the model the spec describes." };
    readonly Option<bool> _partial = new("--init-from-partial") { Description = "Tensors whose shape differs or that name no parameter are skipped and listed; those parameters keep their scheme." };
    readonly Option<string[]> _skip = new("--init-from-skip") { Description = "PATTERN of parameters not to load (glob, e.g. a new head 'layers.4.*'; repeatable): they keep their scheme.", AllowMultipleArgumentsPerToken = false };
    readonly Option<string[]> _freeze = new("--freeze") { Description = "PATTERN of parameters to keep fixed (glob, e.g. 'layers.0.*'; repeatable).", AllowMultipleArgumentsPerToken = false };
    readonly Option<double?> _lrLoaded = new("--lr-loaded") { Description = "Multiply the learning rate of loaded parameters by this factor (fine-tuning)." };

    /// <summary>Every option.</summary>
    public Option[] All => [_from, _map, _torch, _partial, _skip, _freeze, _lrLoaded];

    /// <summary>The options that make sense without training (no freezing or learning rates).</summary>
    public Option[] Loading => [_from, _map, _torch, _partial, _skip];

    /// <summary>The settings given, or null without <c>--init-from</c>.</summary>
    /// <exception cref="ArgumentException">A loading option was given without <c>--init-from</c>, or a value is invalid.</exception>
    public PretrainedInit? Read(ParseResult result)
    {
        string? from = result.GetValue(_from);
        if (from is null)
        {
            if (All.Skip(1).FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } orphan)
                throw new ArgumentException($"{orphan.Name} applies to weights loaded with --init-from PATH; add --init-from.");
            return null;
        }
        return new PretrainedInit
        {
            From = from,
            Map = result.GetValue(_map) ?? [],
            TorchLayout = result.GetValue(_torch),
            Partial = result.GetValue(_partial),
            Skip = result.GetValue(_skip) ?? [],
            Freeze = result.GetValue(_freeze) ?? [],
            LrLoaded = result.GetValue(_lrLoaded) ?? 1,
        }.Validate();
    }
}
