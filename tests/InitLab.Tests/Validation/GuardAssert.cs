namespace InitLab.Tests.Validation;

/// <summary>Checks the contract of the library's argument errors (src/InitLab/Validation/Guard.cs): they name the argument and echo the value.</summary>
internal static class GuardAssert
{
    public static void Rejects(string parameter, string value, Action create)
    {
        var e = Assert.ThrowsAny<ArgumentException>(create);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(value, e.Message);
    }
}
