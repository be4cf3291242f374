using InitLab.Data;
using InitLab.Init.Network;
using InitLab.Training;

namespace InitLab.Tests.Init.Network;

/// <summary>Builds and initializes models the way <c>initlab train</c> does, on the embedded Fashion-MNIST subset.</summary>
internal static class InitTestModels
{
    public static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    public static Trainer Build(string spec, string init, string act = "relu", ModelInitOptions? options = null, InitLab.Models.Normalization norm = InitLab.Models.Normalization.None,
        ulong seed = 3, OptimizerKind optimizer = OptimizerKind.Sgd) =>
        new(new TrainingConfig
        {
            Data = DataSource.Embedded,
            Model = spec,
            Activation = act,
            Init = init,
            Norm = norm,
            Seed = seed,
            Optimizer = optimizer,
            InitOptions = options ?? new ModelInitOptions(),
        }, Embedded.Value, threads: 2);

    /// <summary>The first <paramref name="count"/> test images, shaped for a model with <paramref name="inputShape"/>.</summary>
    public static InitLab.Tensors.Tensor TestImages(int count, IReadOnlyList<int> inputShape)
    {
        var images = new InitLab.Tensors.Tensor([count, .. inputShape]);
        Embedded.Value.Test.Gather([.. Enumerable.Range(500, count)], images.Span, new int[count]);
        return images;
    }
}
