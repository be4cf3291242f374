using InitLab.Data;

namespace InitLab.Tests.Data;

public class ValidationSplitTests
{
    [Theory]
    [InlineData(5000, 0.1, 500)]
    [InlineData(10, 0.25, 3)] // 2.5 rounds away from zero
    [InlineData(7, 0.5, 4)]   // 3.5 too
    [InlineData(3, 0.01, 0)]  // rejected below: nothing held out
    public void Size_IsFractionTimesCount_RoundedHalfAwayFromZero(int count, double fraction, int expected)
    {
        if (expected == 0)
            Assert.Contains("holds out 0 of 3", Assert.Throws<ArgumentException>(() => ValidationSplit.Size(count, fraction)).Message);
        else
            Assert.Equal(expected, ValidationSplit.Size(count, fraction));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Size_RejectsFractionsOutsideTheOpenUnitInterval_NamingTheOption(double fraction)
    {
        var e = Assert.Throws<ArgumentException>(() => ValidationSplit.Size(100, fraction));
        Assert.StartsWith("--val = ", e.Message);
        Assert.Contains("(0, 1)", e.Message);
    }

    [Fact]
    public void Indices_AreTheSmallestKeys_DisjointAndCoveringTheSet()
    {
        const ulong seed = 11;
        var (train, validation) = ValidationSplit.Indices(seed, 1000, 0.2);
        Assert.Equal(200, validation.Length);
        Assert.Equal(800, train.Length);
        Assert.Equal(Enumerable.Range(0, 1000), train.Concat(validation).Order());
        Assert.Equal(validation.Order(), validation);
        Assert.Equal(train.Order(), train);
        var bySmallestKey = Enumerable.Range(0, 1000).OrderBy(i => ValidationSplit.Key(seed, i)).ThenBy(i => i).Take(200).Order();
        Assert.Equal(bySmallestKey, validation);
    }

    [Fact]
    public void Key_DependsOnSeedAndIndexOnly_SoALargerSetKeepsEveryKey()
    {
        var small = Enumerable.Range(0, 50).Select(i => ValidationSplit.Key(3, i)).ToArray();
        var again = Enumerable.Range(0, 50).Select(i => ValidationSplit.Key(3, i)).ToArray();
        var otherSeed = Enumerable.Range(0, 50).Select(i => ValidationSplit.Key(4, i)).ToArray();
        Assert.Equal(small, again);
        Assert.Equal(50, small.Distinct().Count());
        Assert.Empty(small.Intersect(otherSeed));
        Assert.NotEqual(ValidationSplit.Indices(3, 500, 0.1).Validation, ValidationSplit.Indices(4, 500, 0.1).Validation);
    }

    [Fact]
    public void Split_OfTheEmbeddedSet_CopiesTheHeldOutImages_AndSpreadsEveryClass()
    {
        var full = DataSource.Load(DataSource.Embedded).Train;
        var (train, validation) = ValidationSplit.Split(full, 7, 0.1);
        var (trainIndices, validationIndices) = ValidationSplit.Indices(7, full.Count, 0.1);
        Assert.Equal(4500, train.Count);
        Assert.Equal(500, validation.Count);
        int size = full.ImageSize;
        for (int k = 0; k < validation.Count; k += 97)
        {
            Assert.Equal(full.Pixels.Slice(validationIndices[k] * size, size).ToArray(), validation.Pixels.Slice(k * size, size).ToArray());
            Assert.Equal(full.Labels[validationIndices[k]], validation.Labels[k]);
        }
        Assert.Equal(full.Pixels.Slice(trainIndices[^1] * size, size).ToArray(), train.Pixels.Slice((train.Count - 1) * size, size).ToArray());
        Assert.Equal(full.Normalization, validation.Normalization);
        // 500 images per class, 10% held out: binomial(500, 0.1) has mean 50 and sd 6.7; [25, 75] is beyond 3.7 sd.
        Assert.All(validation.ClassCounts(), c => Assert.InRange(c, 25, 75));
    }
}
