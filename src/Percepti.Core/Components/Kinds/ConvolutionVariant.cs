namespace Percepti.Core.Components.Kinds;

/// <summary>Which kind of convolution a Convolution component performs.</summary>
public enum ConvolutionVariant
{
    /// <summary>A standard (optionally grouped) convolution.</summary>
    Standard,

    /// <summary>A transposed convolution (learned upsampling).</summary>
    Transposed,

    /// <summary>One filter set per input channel (groups = channels); output channels = channels × depth multiplier.</summary>
    Depthwise,

    /// <summary>A depthwise convolution followed by a 1×1 pointwise convolution to the filter count.</summary>
    Separable,
}
