using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Export.Code;

/// <summary>
/// How a Convolution component's layers are laid out, the same in every generated language: channels, outputs and
/// groups of the (first) convolution, its bias and symmetric padding, the separate padding step an uneven padding
/// needs (which shifts the layers to <c>layer1</c>, as in the component), and a transposed convolution's output padding.
/// </summary>
/// <param name="Channels">Input channels.</param>
/// <param name="Outputs">Output channels of the first convolution (a depthwise step's for depthwise and separable).</param>
/// <param name="Groups">Its groups.</param>
/// <param name="Bias">Whether it has a bias (a separable convolution's is on its pointwise step).</param>
/// <param name="Padding">Its symmetric padding.</param>
/// <param name="SeparatePadding">The padding step's amounts (last axis first, before then after), or null.</param>
/// <param name="FirstLayer">The index of the first convolution layer inside the component.</param>
/// <param name="OutputPadding">A transposed convolution's output padding.</param>
internal sealed record ConvolutionLayout(long Channels, long Outputs, long Groups, bool Bias, long Padding, long[]? SeparatePadding, int FirstLayer, long OutputPadding)
{
    public static ConvolutionLayout Of(ConvolutionComponent kind, ConvolutionSettings settings, TensorShape input)
    {
        var plan = kind.Plan(settings, input);
        long channels = input[0];
        if (settings.Variant == ConvolutionVariant.Transposed)
        {
            return new(channels, settings.Filters, settings.Groups, settings.UseBias, plan.Padding[0].Before, null, 0, plan.OutputPadding);
        }

        // Uneven padding (e.g. 'same' with stride 2) is a separate step, as in the component.
        bool symmetric = plan.SymmetricPadding is not null;
        bool standard = settings.Variant == ConvolutionVariant.Standard;
        return new(
            channels,
            standard ? settings.Filters : channels * settings.DepthMultiplier,
            standard ? settings.Groups : channels,
            settings.Variant != ConvolutionVariant.Separable && settings.UseBias,
            plan.SymmetricPadding ?? 0,
            symmetric ? null : [.. plan.Padding.Reverse().SelectMany(p => new long[] { p.Before, p.After })],
            symmetric ? 0 : 1,
            0);
    }

    /// <summary>
    /// The constructor arguments that differ from the defaults, e.g. <c>, stride: 2</c> or <c>, stride=2</c>: a named
    /// argument is written with <c>assign</c> (": " in C#, "=" in Python) and false as <c>no</c>.
    /// </summary>
    public static string Options(long stride, long padding, long dilation, long groups, bool bias, long outputPadding, string assign, string no) =>
        string.Concat(
            stride != 1 ? $", stride{assign}{stride}" : string.Empty,
            padding != 0 ? $", padding{assign}{padding}" : string.Empty,
            outputPadding != 0 ? $", output_padding{assign}{outputPadding}" : string.Empty,
            dilation != 1 ? $", dilation{assign}{dilation}" : string.Empty,
            groups != 1 ? $", groups{assign}{groups}" : string.Empty,
            bias ? string.Empty : $", bias{assign}{no}");
}
