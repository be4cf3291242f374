namespace InitLab.Diagnostics;

/// <summary>The scalar the probe differentiates to get its gradients.</summary>
public enum ProbeLoss
{
    /// <summary>
    /// L = (1/B)·Σ g·y over the model's output y [B, …], with g ~ N(0, 1) fixed by the seed: a random linear readout,
    /// so dL/dy = g/B. It needs no labels and makes the backward pass the textbook backpropagation of a random vector.
    /// </summary>
    GaussianReadout,

    /// <summary>Softmax cross-entropy against the batch's labels, averaged over the batch: the first step of real training.</summary>
    CrossEntropy,
}
