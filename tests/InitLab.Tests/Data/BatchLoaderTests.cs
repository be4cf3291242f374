using InitLab.Data;

namespace InitLab.Tests.Data;

public class BatchLoaderTests
{
    /// <summary>10 images of 1×1 pixel whose value is their index, label index mod 3.</summary>
    static Dataset Toy(int count = 10) => Dataset.FromIdx(
        IdxArray.FromBytes([count, 1, 1], Enumerable.Range(0, count).Select(i => (byte)i).ToArray()),
        IdxArray.FromBytes([count], Enumerable.Range(0, count).Select(i => (byte)(i % 3)).ToArray()),
        3, new PixelNormalization(0, 1.0 / 255), "toy");

    static List<int> Epoch(BatchLoader loader, int epoch)
    {
        var order = loader.Order(epoch);
        var seen = new List<int>();
        var images = new float[loader.BatchSize];
        var targets = new int[loader.BatchSize];
        for (int b = 0; b < loader.BatchCount; b++)
        {
            int n = loader.Load(order, b, images, targets);
            Assert.Equal(loader.SizeOf(b), n);
            for (int i = 0; i < n; i++)
            {
                int index = (int)MathF.Round(images[i]);
                Assert.Equal(index % 3, targets[i]);
                seen.Add(index);
            }
        }
        return seen;
    }

    [Fact]
    public void KeepLast_VisitsEveryImageOnce_InTheShuffleOrder()
    {
        var loader = new BatchLoader(Toy(), 4, seed: 3, shuffle: true);
        Assert.Equal(3, loader.BatchCount);
        Assert.Equal(2, loader.SizeOf(2));
        Assert.Equal(10, loader.SamplesPerEpoch);
        Assert.Equal(Shuffle.Permutation(3, 1, 10), Epoch(loader, 1));
    }

    [Fact]
    public void DropLast_LeavesOutThePartialBatch()
    {
        var loader = new BatchLoader(Toy(), 4, seed: 3, shuffle: true, dropLast: true);
        Assert.Equal(2, loader.BatchCount);
        Assert.Equal(8, loader.SamplesPerEpoch);
        Assert.Equal(Shuffle.Permutation(3, 1, 10)[..8], Epoch(loader, 1));
    }

    [Fact]
    public void Unshuffled_UsesFileOrder_EveryEpoch()
    {
        var loader = new BatchLoader(Toy(), 3, seed: 3, shuffle: false);
        Assert.Equal(Enumerable.Range(0, 10), Epoch(loader, 0));
        Assert.Equal(Enumerable.Range(0, 10), Epoch(loader, 5));
    }

    [Fact]
    public void Epochs_HaveDifferentOrders()
    {
        var loader = new BatchLoader(Toy(200), 16, seed: 1, shuffle: true);
        Assert.NotEqual(Epoch(loader, 0), Epoch(loader, 1));
    }

    [Fact]
    public void InvalidArguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(Toy(), 0, 0, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(Toy(), 11, 0, true, dropLast: true));
        var loader = new BatchLoader(Toy(), 4, 0, true);
        Assert.Throws<ArgumentOutOfRangeException>(() => loader.SizeOf(3));
        Assert.Throws<ArgumentException>(() => loader.Load(new int[9], 0, new float[4], new int[4]));
    }
}
