namespace InitLab.Training;

/// <summary>Training stopped because the loss, an activation or a gradient became NaN or ±∞; the message names the first layer and the step.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message, long step, string where) : base(message)
    {
        Step = step;
        Where = where;
    }

    /// <summary>The 0-based optimizer step whose forward or backward pass produced the value.</summary>
    public long Step { get; }

    /// <summary>The first layer or parameter where it appeared, e.g. <c>layers.4</c> or <c>layers.0.weight</c>.</summary>
    public string Where { get; }
}
