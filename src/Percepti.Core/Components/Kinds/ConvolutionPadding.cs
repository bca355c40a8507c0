namespace Percepti.Core.Components.Kinds;

/// <summary>How a convolution or pooling window treats the borders.</summary>
public enum ConvolutionPadding
{
    /// <summary>No padding: the output shrinks by the window size.</summary>
    Valid,

    /// <summary>Zero padding so that the output length is ceil(input / stride) (ceil-free for transposed: input × stride).</summary>
    Same,

    /// <summary>The given number of zeros on each side.</summary>
    Explicit,
}
