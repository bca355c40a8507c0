using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Max or average pooling over windows, or globally per channel.</summary>
internal sealed class PoolingComponent() : ComponentKind<PoolingSettings>(new PoolingSettings(2, PoolingMode.Max, false, 2, 0, 0))
{
    /// <inheritdoc />
    public override string Name => "Pooling";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "Downsamples a channels-first input by taking the max or mean of each window, or of each whole channel (global).";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<PoolingSettings>("dimensions", "Dimensions", "1 (C×L), 2 (C×H×W) or 3 (C×D×H×W) spatial dimensions.", s => s.Dimensions, (s, v) => s with { Dimensions = v }, 1, 3),
        SettingDescriptor.Choice<PoolingSettings, PoolingMode>("mode", "Mode", "Max or average.", s => s.Mode, (s, v) => s with { Mode = v }),
        SettingDescriptor.Boolean<PoolingSettings>("global", "Global", "Pool each whole channel into one value.", s => s.Global, (s, v) => s with { Global = v }),
        SettingDescriptor.Integer<PoolingSettings>("poolSize", "Pool size", "The window size along every spatial axis.", s => s.PoolSize, (s, v) => s with { PoolSize = v }, 1, 1_024),
        SettingDescriptor.Integer<PoolingSettings>("stride", "Stride", "The step; 0 means the pool size.", s => s.Stride, (s, v) => s with { Stride = v }, 0, 1_024),
        SettingDescriptor.Integer<PoolingSettings>("paddingSize", "Padding size", "Padding on each side; at most half the pool size.", s => s.PaddingSize, (s, v) => s with { PaddingSize = v }, 0, 512),
    ];

    /// <inheritdoc />
    protected override IEnumerable<SettingError> ValidateCore(PoolingSettings settings)
    {
        if (settings.PaddingSize > settings.PoolSize / 2)
        {
            yield return new SettingError("paddingSize", $"Padding size must be at most half the pool size ({settings.PoolSize / 2}), not {settings.PaddingSize}");
        }
    }

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(PoolingSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var input = inputs[0];
        int rank = settings.Dimensions + 1;
        string layout = settings.Dimensions switch { 1 => "C×L", 2 => "C×H×W", _ => "C×D×H×W" };
        ShapeRules.RequireRank(Name, input, rank, rank, expected: $"a {layout} input for {settings.Dimensions}D pooling");
        if (settings.Global)
        {
            return TensorShape.Of(input[0]);
        }

        int stride = settings.Stride == 0 ? settings.PoolSize : settings.Stride;
        return TensorShape.Of([input[0], .. input.Skip(1).Select(length => ShapeRules.SlidingOutput(Name, length, settings.PoolSize, stride, settings.PaddingSize, settings.PaddingSize, 1))]);
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(PoolingSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        if (settings.Global)
        {
            long[] axes = [.. Enumerable.Range(2, settings.Dimensions).Select(a => (long)a)];
            return settings.Mode == PoolingMode.Max
                ? FunctionModule.Unary(Name, x => x.amax(axes))
                : FunctionModule.Unary(Name, x => x.mean(axes));
        }

        long k = settings.PoolSize;
        long stride = settings.Stride == 0 ? settings.PoolSize : settings.Stride;
        long p = settings.PaddingSize;
        nn.Module<Tensor, Tensor> layer = (settings.Mode, settings.Dimensions) switch
        {
            (PoolingMode.Max, 1) => nn.MaxPool1d(k, stride, p),
            (PoolingMode.Max, 2) => nn.MaxPool2d(k, stride, p),
            (PoolingMode.Max, _) => nn.MaxPool3d(k, stride, p),
            (_, 1) => nn.AvgPool1d(k, stride, p),
            (_, 2) => nn.AvgPool2d(k, stride, p),
            _ => nn.AvgPool3d(k, stride, p),
        };
        return new LayerModule(Name, layer);
    }
}
