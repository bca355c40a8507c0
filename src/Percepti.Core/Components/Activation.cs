namespace Percepti.Core.Components;

/// <summary>An activation function, applied by the Activation component or fused into a layer.</summary>
public enum Activation
{
    /// <summary>No activation (identity).</summary>
    None,

    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>x for x ≥ 0, slope·x otherwise.</summary>
    LeakyReLU,

    /// <summary>Gaussian error linear unit.</summary>
    GELU,

    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Normalized exponentials over the first per-sample axis (features or channels).</summary>
    Softmax,

    /// <summary>x · sigmoid(x), also called swish.</summary>
    SiLU,
}
