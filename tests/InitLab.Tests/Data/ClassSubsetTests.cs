using InitLab.Data;
using InitLab.Random;

namespace InitLab.Tests.Data;

/// <summary><c>--classes</c> and <c>--per-class</c>: parsing, relabelling, and the per-class choice as a pure function of (seed, image index).</summary>
public class ClassSubsetTests
{
    static readonly DataSplits Embedded = DataSource.Load(DataSource.Embedded);

    [Theory]
    [InlineData("0-4", new[] { 0, 1, 2, 3, 4 })]
    [InlineData("5,6,7,8,9", new[] { 5, 6, 7, 8, 9 })]
    [InlineData("9,0-2", new[] { 9, 0, 1, 2 })]
    [InlineData(" 3 , 7 ", new[] { 3, 7 })]
    public void Parse_ReadsLabelsAndRanges_InTheOrderGiven(string text, int[] expected) => Assert.Equal(expected, ClassSubset.Parse(text));

    [Theory]
    [InlineData("4-0", "'4-0' is not a label")]
    [InlineData("a", "'a' is not a label")]
    [InlineData("1,,2", "'' is not a label")]
    [InlineData("-3", "'-3' is not a label")]
    [InlineData("256", "'256' is not a label")]
    [InlineData("1,2,1", "names class 1 twice")]
    [InlineData("0-2,2", "names class 2 twice")]
    [InlineData("3", "keeps 1 class")]
    public void Parse_RejectsBadLists_NamingTheOption(string text, string fragment)
    {
        var e = Assert.Throws<ArgumentException>(() => ClassSubset.Parse(text));
        Assert.StartsWith("--classes = ", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Apply_KeepsTheNamedClasses_RelabelledByPosition_InTrainAndTest()
    {
        var subset = ClassSubset.Apply(Embedded, [7, 2], null, seed: 0);
        var trainLabels = Embedded.Train.Labels.ToArray();
        int sevens = trainLabels.Count(l => l == 7), twos = trainLabels.Count(l => l == 2);
        Assert.Equal(2, subset.Train.Classes);
        Assert.Equal([sevens, twos], subset.Train.ClassCounts());
        Assert.Equal([Embedded.Test.Labels.ToArray().Count(l => l == 7), Embedded.Test.Labels.ToArray().Count(l => l == 2)], subset.Test.ClassCounts());
        // The first image of the subset is the first 7 or 2 of the file, with its pixels unchanged.
        int first = Array.FindIndex(trainLabels, l => l is 7 or 2);
        Assert.Equal(trainLabels[first] == 7 ? 0 : 1, subset.Train.Labels[0]);
        Assert.True(subset.Train.Pixels[..784].SequenceEqual(Embedded.Train.Pixels.Slice(first * 784, 784)));
        Assert.Equal(Embedded.Train.Normalization, subset.Train.Normalization);
    }

    [Fact]
    public void PerClass_KeepsTheSmallestKeysOfEachClass_AndTheWholeTestSet()
    {
        const ulong seed = 5;
        var kept = ClassSubset.Indices(Embedded.Train, null, 20, seed);
        var labels = Embedded.Train.Labels.ToArray();
        var stream = new RandomStream(seed, ClassSubset.StreamName);
        for (int c = 0; c < 10; c++)
        {
            var expected = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).OrderBy(i => IndexKey.Of(stream, i)).Take(20).Order();
            Assert.Equal(expected, kept.Where(i => labels[i] == c));
        }
        Assert.Equal(kept.Order(), kept);
        var subset = ClassSubset.Apply(Embedded, null, 20, seed);
        Assert.Equal(Enumerable.Repeat(20, 10), subset.Train.ClassCounts());
        Assert.Same(Embedded.Test, subset.Test);
    }

    [Fact]
    public void PerClass_ChoiceOfAClass_DoesNotDependOnTheOtherClassesKept()
    {
        var alone = ClassSubset.Indices(Embedded.Train, [5, 9], 30, seed: 3);
        var among = ClassSubset.Indices(Embedded.Train, [5, 6, 7, 8, 9], 30, seed: 3);
        var labels = Embedded.Train.Labels.ToArray();
        Assert.Equal(alone.Where(i => labels[i] == 5), among.Where(i => labels[i] == 5));
        Assert.NotEqual(alone, ClassSubset.Indices(Embedded.Train, [5, 9], 30, seed: 4));
    }

    [Fact]
    public void PerClass_MoreThanAClassHas_IsRefused_NamingTheClass()
    {
        int smallest = Embedded.Train.ClassCounts().Min();
        var e = Assert.Throws<ArgumentException>(() => ClassSubset.Apply(Embedded, null, smallest + 1, 0));
        Assert.StartsWith($"--per-class = {smallest + 1}: class ", e.Message);
        Assert.Contains($"has only {smallest} images", e.Message);
    }

    [Fact]
    public void Classes_BeyondTheData_AreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassSubset.Apply(Embedded, [3, 12], null, 0));
        Assert.Contains("--classes names class 12", e.Message);
        Assert.Contains("classes 0 … 9", e.Message);
    }
}
