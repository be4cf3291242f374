using InitLab.Data;
using InitLab.Random;
using InitLab.Training;

namespace InitLab.Tests.Data;

public class RebalancingTests
{
    static readonly Lazy<DataSplits> Embedded = new(() => DataSource.Load(DataSource.Embedded));

    [Fact]
    public void LongTailCounts_FollowTheExponentialProfile()
    {
        // 500·100^(−c/9): 500, 299.5…, 179.3…, …, 5.
        int[] expected = [.. Enumerable.Range(0, 10).Select(c => (int)Math.Floor(500 * Math.Pow(100, -c / 9.0)))];
        Assert.Equal(expected, Rebalancing.LongTailCounts([.. Enumerable.Repeat(500, 10)], 100));
        Assert.Equal(500, expected[0]);
        Assert.Equal(5, expected[9]);
        Assert.Equal([7, 7], Rebalancing.LongTailCounts([7, 7], 1));
        Assert.Equal([10, 1], Rebalancing.LongTailCounts([10, 3], 1e9)); // never below one image
        Assert.StartsWith("--imbalance = 0.5 is not allowed", Assert.Throws<ArgumentException>(() => Rebalancing.LongTailCounts([1], 0.5)).Message);
    }

    [Fact]
    public void LongTail_KeepsTheSmallestKeysOfEachClass_Reproducibly()
    {
        var train = Embedded.Value.Train;
        var kept = Rebalancing.LongTail(train, 3, 10);
        Assert.Equal(kept, Rebalancing.LongTail(train, 3, 10));
        Assert.NotEqual(kept, Rebalancing.LongTail(train, 4, 10));
        Assert.Equal(kept.Order(), kept);
        var labels = train.Labels.ToArray();
        var counts = kept.GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal(Rebalancing.LongTailCounts(train.ClassCounts(), 10), counts);
        var stream = new RandomStream(3, "imbalance");
        var class9 = Enumerable.Range(0, train.Count).Where(i => labels[i] == 9).OrderBy(i => IndexKey.Of(stream, i)).Take(counts[9]).Order();
        Assert.Equal(class9, kept.Where(i => labels[i] == 9));
    }

    [Fact]
    public void BalancedWeights_AreNOverCTimesNc()
    {
        // n = 90, C = 3: 90/(3·60), 90/(3·30), and 0 for the empty class.
        Assert.Equal([0.5f, 1f, 0f], Rebalancing.BalancedWeights([60, 30, 0]));
        Assert.Equal([1f, 1f], Rebalancing.BalancedWeights([5, 5]));
    }

    static Dataset LongTailed(double ratio) => Embedded.Value.Train.Subset(Rebalancing.LongTail(Embedded.Value.Train, 1, ratio), "long-tailed");

    [Fact]
    public void Oversample_KeepsEveryImage_AndFillsEachClassUpToTheLargest_FromItsOwnImages()
    {
        var train = LongTailed(20);
        var indices = Rebalancing.Oversample(train, 5);
        Assert.Equal(Enumerable.Range(0, train.Count), indices.Take(train.Count));
        var counts = indices.GroupBy(i => train.Labels[i]).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.All(counts, c => Assert.Equal(train.ClassCounts().Max(), c));
        Assert.Equal(indices, Rebalancing.Oversample(train, 5));
    }

    [Fact]
    public void Smote_AddsInterpolatedImages_BetweenAnImageAndOneOfItsNearestNeighbours()
    {
        var train = LongTailed(50);
        var smoted = Rebalancing.Smote(train, 2, neighbours: 3);
        int largest = train.ClassCounts().Max(), size = train.ImageSize;
        Assert.All(smoted.ClassCounts(), c => Assert.Equal(largest, c));
        Assert.Equal(train.Pixels.ToArray(), smoted.Pixels[..train.Pixels.Length].ToArray());

        // Synthetic image 0 of class 9 (the smallest), rebuilt from the documented draws.
        var members = Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == 9).ToArray();
        var (w0, w1, w2, _) = IndexKey.Block(new RandomStream(2, "smote"), 0, 9u);
        int at = IndexKey.Below(w0, members.Length);
        var x = train.Pixels.Slice(members[at] * size, size).ToArray();
        long Distance(int m) => Enumerable.Range(0, size).Sum(i => (long)(x[i] - train.Pixels[members[m] * size + i]) * (x[i] - train.Pixels[members[m] * size + i]));
        var nearest = Enumerable.Range(0, members.Length).Where(m => m != at).OrderBy(Distance).ThenBy(m => members[m]).Take(3).ToArray();
        var neighbour = train.Pixels.Slice(members[nearest[IndexKey.Below(w1, 3)]] * size, size).ToArray();
        double lambda = w2 / 4294967296.0;
        var expected = Enumerable.Range(0, size).Select(i => (byte)Math.Round(x[i] + lambda * (neighbour[i] - x[i]), MidpointRounding.AwayFromZero)).ToArray();
        int first9 = train.Count + Enumerable.Range(0, 9).Sum(c => largest - train.ClassCounts()[c]);
        Assert.Equal(9, smoted.Labels[first9]);
        Assert.Equal(expected, smoted.Pixels.Slice(first9 * size, size).ToArray());
        Assert.NotEqual(x, expected);
        Assert.StartsWith("--smote = 0 is not allowed", Assert.Throws<ArgumentException>(() => Rebalancing.Smote(train, 2, 0)).Message);
    }

    [Fact]
    public void Trainer_TrainsOnTheRebalancedSet_AndReportsBalancedAccuracy()
    {
        var config = new TrainingConfig { Data = DataSource.Embedded, Model = "mlp:784-16-10", Epochs = 1, Batch = 100, LearningRate = 0.05, Momentum = 0.9, Seed = 1, Imbalance = 20 };
        var longTail = new Trainer(config, Embedded.Value, threads: 1);
        Assert.Equal(Rebalancing.LongTailCounts([.. Enumerable.Repeat(500, 10)], 20), longTail.TrainingSet.ClassCounts());
        longTail.RunEpoch();
        var perClass = longTail.TestClassAccuracy();
        Assert.Equal(perClass.Average(), longTail.History[0].TestBalancedAccuracy, 12);
        Assert.Equal(longTail.History[0].TestAccuracy, perClass.Average(), 12); // the test set has 100 images per class
        Assert.True(perClass[0] > perClass[9], $"the largest class {perClass[0]} should beat the smallest {perClass[9]}");

        var weighted = new Trainer(config with { ClassWeights = "balanced" }, Embedded.Value, threads: 1);
        Assert.Equal(Rebalancing.BalancedWeights(weighted.TrainingSet.ClassCounts()), weighted.ClassWeights);
        var oversampled = new Trainer(config with { Oversample = true }, Embedded.Value, threads: 1);
        Assert.All(oversampled.TrainingSet.ClassCounts(), c => Assert.Equal(500, c));
    }

    [Theory]
    [InlineData("--imbalance = 0.9 is not allowed", 0.9, null, false, null)]
    [InlineData("--class-weights = 'inverse' is not allowed; use balanced", null, "inverse", false, null)]
    [InlineData("--smote = 0 is not allowed", null, null, false, 0)]
    [InlineData("--oversample and --smote both fill the smaller classes", null, null, true, 5)]
    [InlineData("--class-weights balanced with --oversample corrects the imbalance twice", null, "balanced", true, null)]
    [InlineData("--class-weights balanced with --smote corrects the imbalance twice", null, "balanced", false, 3)]
    public void Validate_RejectsBadValues_AndIncompatibleCombinations(string message, double? imbalance, string? weights, bool oversample, int? smote)
    {
        var config = new TrainingConfig { Data = "embedded", Model = "mlp:784-16-10", Imbalance = imbalance, ClassWeights = weights, Oversample = oversample, Smote = smote };
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => config.Validate()).Message);
    }
}
