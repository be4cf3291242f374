namespace InitLab.Init.Network;

/// <summary>What a model-level initializer did to one layer or parameter.</summary>
/// <param name="Target">The layer or parameter, e.g. <c>layers.3.branch.2.weight</c>.</param>
/// <param name="Action">What was done, e.g. <c>scaled</c>, <c>zeroed</c>, <c>lsuv</c>.</param>
/// <param name="Factor">The factor applied to the values, when one was.</param>
/// <param name="Iterations">LSUV: the number of rescalings.</param>
/// <param name="Variance">LSUV: the output variance on the init batch after the last rescaling.</param>
/// <param name="HeldOutVariance">LSUV: the output variance on a held-out batch, when one was given.</param>
public sealed record ModelInitStep(string Target, string Action, double? Factor = null, int? Iterations = null, double? Variance = null, double? HeldOutVariance = null);

/// <summary>The record of a model-level initialization: which method, and what it did, in order.</summary>
/// <param name="Method">The registry name (<c>lsuv</c>, <c>fixup</c>, …) or <c>mup</c>.</param>
/// <param name="Summary">One line: the method's settings and the model facts it used (e.g. <c>L = 54 blocks, m = 2</c>).</param>
/// <param name="Steps">The steps, in forward order.</param>
/// <param name="Trace">GradInit and MetaInit: the objective of every iteration, in order; null for the other methods.</param>
public sealed record ModelInitReport(string Method, string Summary, IReadOnlyList<ModelInitStep> Steps, IReadOnlyList<Learned.LearnedInitIteration>? Trace = null);
