using InitLab.Lab;

namespace InitLab.Tests.Lab;

public class GridListTests
{
    [Fact]
    public void Split_KeepsSchemeArgumentsTogether_AcrossCommas()
    {
        var values = GridList.Split(["he-normal,normal:mean=0,std=0.01,orthogonal", "he-uniform:mode=fan-out"], "--init", schemes: true);
        Assert.Equal(["he-normal", "normal:mean=0,std=0.01", "orthogonal", "he-uniform:mode=fan-out"], values);
    }

    [Fact]
    public void Split_PlainLists_SplitOnEveryComma()
    {
        Assert.Equal(["relu", "tanh", "leaky_relu:0.2"], GridList.Split(["relu, tanh", "leaky_relu:0.2"], "--act"));
    }

    [Theory]
    [InlineData("relu,,tanh", "empty value")]
    [InlineData("relu,tanh,relu", "twice")]
    public void Split_RejectsEmptyAndRepeatedValues_NamingTheOption(string text, string fragment)
    {
        var e = Assert.Throws<ArgumentException>(() => GridList.Split([text], "--act"));
        Assert.Contains("--act", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Split_RejectsAnEmptyList()
    {
        var e = Assert.Throws<ArgumentException>(() => GridList.Split([], "--init", schemes: true));
        Assert.Contains("--init is empty", e.Message);
    }
}
