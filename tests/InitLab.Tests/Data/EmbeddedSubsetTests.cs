using InitLab.Data;

namespace InitLab.Tests.Data;

public class EmbeddedSubsetTests
{
    static readonly DataSplits Embedded = DataSource.Load("embedded");

    [Fact]
    public void Embedded_IsStratified_WithExactPerClassCounts()
    {
        Assert.Equal(Enumerable.Repeat(EmbeddedFashionMnist.TrainPerClass, 10), Embedded.Train.ClassCounts());
        Assert.Equal(Enumerable.Repeat(EmbeddedFashionMnist.TestPerClass, 10), Embedded.Test.ClassCounts());
        Assert.Equal((28, 28, 10, "embedded"), (Embedded.Train.Height, Embedded.Train.Width, Embedded.Train.Classes, Embedded.Origin));
        Assert.Equal((28, 28, 10), (Embedded.Test.Height, Embedded.Test.Width, Embedded.Test.Classes));
    }

    [Fact]
    public void Embedded_IsStandardizedWithItsTrainingStatistics()
    {
        var norm = Embedded.Train.Normalization;
        Assert.Equal(PixelNormalization.Standardize(Embedded.Train.Pixels), norm);
        Assert.Equal(norm, Embedded.Test.Normalization);
        // The subset's statistics are close to the full training set's (mean 0.2860, std 0.3530).
        Assert.InRange(norm.Mean, 0.27, 0.30);
        Assert.InRange(norm.Std, 0.34, 0.37);
    }

    [Fact]
    public void Embedded_CarriesTheFashionMnistLicense()
    {
        string license = EmbeddedFashionMnist.License();
        Assert.Contains("Copyright © 2017 Zalando SE", license);
        Assert.Contains("Permission is hereby granted, free of charge", license);
    }

    [Theory]
    [InlineData("train", 60000)]
    [InlineData("t10k", 10000)]
    public void Embedded_MatchesTheFullDatasetAtTheRecordedIndices(string split, int fullCount)
    {
        var subset = split == "train" ? Embedded.Train : Embedded.Test;
        int perClass = split == "train" ? EmbeddedFashionMnist.TrainPerClass : EmbeddedFashionMnist.TestPerClass;
        var indices = EmbeddedFashionMnist.Indices(split);
        Assert.Equal(subset.Count, indices.Length);
        Assert.True(indices.Zip(indices.Skip(1)).All(p => p.First < p.Second), "indices must be strictly increasing (file order)");
        Assert.InRange(indices[0], 0, fullCount - 1);
        Assert.InRange(indices[^1], 0, fullCount - 1);

        string full = Path.Combine(DataSource.SystemDirectory, $"{split}-images-idx3-ubyte.gz");
        if (!File.Exists(full))
        {
            // Without the full dataset, check what the subset says about itself: every image is distinct and has ink.
            var images = Enumerable.Range(0, subset.Count).Select(i => subset.Pixels.Slice(i * 784, 784).ToArray()).ToList();
            Assert.Equal(subset.Count, images.Select(Convert.ToHexString).Distinct().Count());
            Assert.All(images, image => Assert.Contains(image, p => p > 0));
            return;
        }
        var fullImages = IdxFile.Read(full);
        var fullLabels = IdxFile.Read(Path.Combine(DataSource.SystemDirectory, $"{split}-labels-idx1-ubyte.gz")).Data.ToArray();
        for (int i = 0; i < indices.Length; i++)
        {
            Assert.True(fullImages.Data.Slice(indices[i] * 784, 784).SequenceEqual(subset.Pixels.Slice(i * 784, 784)), $"image {i} (full index {indices[i]})");
            Assert.Equal(fullLabels[indices[i]], subset.Labels[i]);
        }
        // The documented rule: the first perClass images of each class in file order.
        var expected = Enumerable.Range(0, fullCount).GroupBy(i => fullLabels[i]).SelectMany(g => g.Take(perClass)).Order();
        Assert.Equal(expected, indices);
    }
}
