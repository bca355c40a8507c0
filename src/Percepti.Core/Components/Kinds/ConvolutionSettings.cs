using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Convolution component (1D, 2D or 3D; channels first).</summary>
/// <param name="Dimensions">1, 2 or 3 spatial dimensions.</param>
/// <param name="Variant">Standard, transposed, depthwise or separable.</param>
/// <param name="Filters">Output channels (ignored by depthwise, whose output is channels × depth multiplier).</param>
/// <param name="KernelSize">The window size along every spatial axis.</param>
/// <param name="Stride">The step along every spatial axis.</param>
/// <param name="Padding">Valid, same or explicit padding.</param>
/// <param name="PaddingSize">For explicit padding: zeros added on each side.</param>
/// <param name="Dilation">Spacing between window elements.</param>
/// <param name="Groups">For standard and transposed convolutions: channel groups (input and output channels must divide by it).</param>
/// <param name="DepthMultiplier">For depthwise and separable convolutions: filters per input channel.</param>
/// <param name="OutputPadding">For transposed convolutions: extra size added to one side of the output.</param>
/// <param name="UseBias">Whether a bias is added.</param>
/// <param name="Activation">The activation applied to the output.</param>
public sealed record ConvolutionSettings(
    int Dimensions,
    ConvolutionVariant Variant,
    int Filters,
    int KernelSize,
    int Stride,
    ConvolutionPadding Padding,
    int PaddingSize,
    int Dilation,
    int Groups,
    int DepthMultiplier,
    int OutputPadding,
    bool UseBias,
    Activation Activation) : ComponentSettings;
