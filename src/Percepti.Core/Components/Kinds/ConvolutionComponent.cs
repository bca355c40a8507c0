using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>1D, 2D or 3D convolution: standard, transposed, depthwise or separable.</summary>
internal sealed class ConvolutionComponent() : ComponentKind<ConvolutionSettings>(new ConvolutionSettings(
    Dimensions: 2,
    Variant: ConvolutionVariant.Standard,
    Filters: 32,
    KernelSize: 3,
    Stride: 1,
    Padding: ConvolutionPadding.Valid,
    PaddingSize: 0,
    Dilation: 1,
    Groups: 1,
    DepthMultiplier: 1,
    OutputPadding: 0,
    UseBias: true,
    Activation: Activation.None))
{
    /// <inheritdoc />
    public override string Name => "Convolution";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "Slides learned filters over a 1D, 2D or 3D channels-first input; standard, transposed, depthwise or separable.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<ConvolutionSettings>("dimensions", "Dimensions", "1 (C×L), 2 (C×H×W) or 3 (C×D×H×W) spatial dimensions.", s => s.Dimensions, (s, v) => s with { Dimensions = v }, 1, 3),
        SettingDescriptor.Choice<ConvolutionSettings, ConvolutionVariant>("variant", "Variant", "Standard, transposed (upsampling), depthwise or separable.", s => s.Variant, (s, v) => s with { Variant = v }),
        SettingDescriptor.Integer<ConvolutionSettings>("filters", "Filters", "Output channels (depthwise: ignored; channels × depth multiplier).", s => s.Filters, (s, v) => s with { Filters = v }, 1, 65_536),
        SettingDescriptor.Integer<ConvolutionSettings>("kernelSize", "Kernel size", "The window size along every spatial axis.", s => s.KernelSize, (s, v) => s with { KernelSize = v }, 1, 1_024),
        SettingDescriptor.Integer<ConvolutionSettings>("stride", "Stride", "The step along every spatial axis.", s => s.Stride, (s, v) => s with { Stride = v }, 1, 1_024),
        SettingDescriptor.Choice<ConvolutionSettings, ConvolutionPadding>("padding", "Padding", "Valid (none), Same (keep size / stride) or Explicit.", s => s.Padding, (s, v) => s with { Padding = v }),
        SettingDescriptor.Integer<ConvolutionSettings>("paddingSize", "Padding size", "For explicit padding: zeros on each side.", s => s.PaddingSize, (s, v) => s with { PaddingSize = v }, 0, 1_024),
        SettingDescriptor.Integer<ConvolutionSettings>("dilation", "Dilation", "Spacing between window elements.", s => s.Dilation, (s, v) => s with { Dilation = v }, 1, 256),
        SettingDescriptor.Integer<ConvolutionSettings>("groups", "Groups", "Channel groups for standard and transposed convolutions.", s => s.Groups, (s, v) => s with { Groups = v }, 1, 65_536),
        SettingDescriptor.Integer<ConvolutionSettings>("depthMultiplier", "Depth multiplier", "Depthwise and separable: filters per input channel.", s => s.DepthMultiplier, (s, v) => s with { DepthMultiplier = v }, 1, 256),
        SettingDescriptor.Integer<ConvolutionSettings>("outputPadding", "Output padding", "Transposed: extra size on one side of the output (less than stride or dilation).", s => s.OutputPadding, (s, v) => s with { OutputPadding = v }, 0, 1_023),
        SettingDescriptor.Boolean<ConvolutionSettings>("useBias", "Use bias", "Whether a learned bias is added.", s => s.UseBias, (s, v) => s with { UseBias = v }),
        SettingDescriptor.Choice<ConvolutionSettings, Activation>("activation", "Activation", "Applied to the output.", s => s.Activation, (s, v) => s with { Activation = v }),
    ];

    /// <inheritdoc />
    protected override IEnumerable<SettingError> ValidateCore(ConvolutionSettings settings)
    {
        if (settings.Variant == ConvolutionVariant.Transposed && settings.Padding != ConvolutionPadding.Same
            && settings.OutputPadding >= Math.Max(settings.Stride, settings.Dilation))
        {
            yield return new SettingError("outputPadding", $"Output padding must be less than stride or dilation ({Math.Max(settings.Stride, settings.Dilation)}), not {settings.OutputPadding}");
        }

        if (settings.Filters % settings.Groups != 0 && settings.Variant is ConvolutionVariant.Standard or ConvolutionVariant.Transposed)
        {
            yield return new SettingError("groups", $"Filters ({settings.Filters}) must be divisible by Groups ({settings.Groups})");
        }
    }

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(ConvolutionSettings settings, IReadOnlyList<TensorShape> inputs) =>
        Plan(settings, inputs[0]).Output;

    /// <inheritdoc />
    protected override long CountParametersCore(ConvolutionSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var plan = Plan(settings, inputs[0]);
        long window = (long)Math.Pow(settings.KernelSize, settings.Dimensions);
        long channels = inputs[0][0];
        long bias = settings.UseBias ? plan.Output[0] : 0;
        return settings.Variant switch
        {
            ConvolutionVariant.Depthwise => (channels * settings.DepthMultiplier * window) + bias,
            ConvolutionVariant.Separable => (channels * settings.DepthMultiplier * window) + (channels * settings.DepthMultiplier * settings.Filters) + bias,
            _ => (settings.Filters * (channels / settings.Groups) * window) + bias,
        };
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(ConvolutionSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var plan = Plan(settings, inputs[0]);
        long channels = inputs[0][0];
        int k = settings.KernelSize;
        var activation = ActivationLayers.Create(settings.Activation);
        // One padding value for every side, or an explicit pad step first.
        PadLayer? pad = plan.SymmetricPadding is null ? new PadLayer(plan.Padding) : null;
        long padding = plan.SymmetricPadding ?? 0;

        nn.Module<Tensor, Tensor> Convolution(long input, long output, long kernel, long groups, bool bias, long pads) => settings.Dimensions switch
        {
            1 => nn.Conv1d(input, output, kernel, settings.Stride, pads, settings.Dilation, groups: groups, bias: bias),
            2 => nn.Conv2d(input, output, kernel, settings.Stride, pads, settings.Dilation, groups: groups, bias: bias),
            _ => nn.Conv3d(input, output, kernel, settings.Stride, pads, settings.Dilation, groups: groups, bias: bias),
        };

        switch (settings.Variant)
        {
            case ConvolutionVariant.Transposed:
                {
                    long filters = settings.Filters;
                    nn.Module<Tensor, Tensor> transposed = settings.Dimensions switch
                    {
                        1 => nn.ConvTranspose1d(channels, filters, k, settings.Stride, plan.Padding[0].Before, plan.OutputPadding, settings.Dilation, groups: settings.Groups, bias: settings.UseBias),
                        2 => nn.ConvTranspose2d(channels, filters, k, settings.Stride, plan.Padding[0].Before, plan.OutputPadding, settings.Dilation, groups: settings.Groups, bias: settings.UseBias),
                        _ => nn.ConvTranspose3d(channels, filters, k, settings.Stride, plan.Padding[0].Before, plan.OutputPadding, settings.Dilation, groups: settings.Groups, bias: settings.UseBias),
                    };
                    return new SequenceModule(Name, transposed, activation);
                }

            case ConvolutionVariant.Depthwise:
                return new SequenceModule(Name, pad, Convolution(channels, channels * settings.DepthMultiplier, k, channels, settings.UseBias, padding), activation);

            case ConvolutionVariant.Separable:
                {
                    var depthwise = Convolution(channels, channels * settings.DepthMultiplier, k, channels, false, padding);
                    nn.Module<Tensor, Tensor> pointwise = settings.Dimensions switch
                    {
                        1 => nn.Conv1d(channels * settings.DepthMultiplier, settings.Filters, 1, bias: settings.UseBias),
                        2 => nn.Conv2d(channels * settings.DepthMultiplier, settings.Filters, 1, bias: settings.UseBias),
                        _ => nn.Conv3d(channels * settings.DepthMultiplier, settings.Filters, 1, bias: settings.UseBias),
                    };
                    return new SequenceModule(Name, pad, depthwise, pointwise, activation);
                }

            default:
                return new SequenceModule(Name, pad, Convolution(channels, settings.Filters, k, settings.Groups, settings.UseBias, padding), activation);
        }
    }

    /// <summary>Works out the output shape and the padding per spatial axis; shared with exporters.</summary>
    internal ConvolutionPlan Plan(ConvolutionSettings settings, TensorShape input)
    {
        int rank = settings.Dimensions + 1;
        string layout = settings.Dimensions switch { 1 => "C×L", 2 => "C×H×W", _ => "C×D×H×W" };
        ShapeRules.RequireRank(Name, input, rank, rank, expected: $"a {layout} input for a {settings.Dimensions}D convolution");
        int channels = input[0];
        if (settings.Variant is ConvolutionVariant.Standard or ConvolutionVariant.Transposed && channels % settings.Groups != 0)
        {
            throw new ComponentShapeException($"{Name}: input channels ({channels}, shape {input}) must be divisible by Groups ({settings.Groups}).", "input");
        }

        int outChannels = settings.Variant == ConvolutionVariant.Depthwise ? checked(channels * settings.DepthMultiplier) : settings.Filters;
        var padding = new List<(int Before, int After)>();
        var spatial = new List<int>();
        int outputPadding = settings.OutputPadding;
        int k = settings.KernelSize;
        int s = settings.Stride;
        int d = settings.Dilation;
        for (int axis = 1; axis < rank; axis++)
        {
            int length = input[axis];
            if (settings.Variant == ConvolutionVariant.Transposed)
            {
                int p = settings.Padding == ConvolutionPadding.Explicit ? settings.PaddingSize : 0;
                if (settings.Padding == ConvolutionPadding.Same)
                {
                    // Output = length × stride needs 2p - outputPadding = d(k-1) + 1 - s.
                    int needed = (d * (k - 1)) + 1 - s;
                    p = (needed + 1) / 2;
                    outputPadding = (2 * p) - needed;
                    if (needed < 0 || outputPadding >= Math.Max(s, d))
                    {
                        throw new ComponentShapeException($"{Name}: 'Same' padding cannot give a transposed output of {length}×{s} with kernel {k}, stride {s} and dilation {d}; use Valid or Explicit padding.", "input");
                    }
                }

                long size = ((long)(length - 1) * s) - (2L * p) + ((long)d * (k - 1)) + outputPadding + 1;
                if (size < 1)
                {
                    throw new ComponentShapeException($"{Name}: padding {p} leaves no output for input shape {input}.", "input");
                }

                padding.Add((p, p));
                spatial.Add(checked((int)size));
            }
            else
            {
                var pad = settings.Padding switch
                {
                    ConvolutionPadding.Same => ShapeRules.SamePadding(length, k, s, d),
                    ConvolutionPadding.Explicit => (settings.PaddingSize, settings.PaddingSize),
                    _ => (0, 0),
                };
                padding.Add(pad);
                spatial.Add(ShapeRules.SlidingOutput(Name, length, k, s, pad.Item1, pad.Item2, d));
            }
        }

        return new ConvolutionPlan(TensorShape.Of([outChannels, .. spatial]), padding, outputPadding);
    }

    internal sealed record ConvolutionPlan(TensorShape Output, IReadOnlyList<(int Before, int After)> Padding, int OutputPadding)
    {
        /// <summary>The padding when every side of every axis gets the same (the convolution pads itself); null when a pad step must come first.</summary>
        public int? SymmetricPadding => Padding.All(p => p.Before == p.After && p.Before == Padding[0].Before) ? Padding[0].Before : null;
    }
}
