using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Normalizes each channel over the batch, with learned scale and shift.</summary>
internal sealed class BatchNormComponent() : ComponentKind<BatchNormSettings>(new BatchNormSettings(0.1, 1e-5))
{
    /// <inheritdoc />
    public override string Name => "BatchNorm";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "Normalizes each channel (axis 0) over the batch during training and with running statistics at inference.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Number<BatchNormSettings>("momentum", "Momentum", "How fast the running statistics follow the batches.", s => s.Momentum, (s, v) => s with { Momentum = v }, 0, 1),
        SettingDescriptor.Number<BatchNormSettings>("epsilon", "Epsilon", "Added to the variance for stability.", s => s.Epsilon, (s, v) => s with { Epsilon = v }, 1e-12, 1),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(BatchNormSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ShapeRules.RequireRank(Name, inputs[0], 1, 4, expected: "features, C×L, C×H×W or C×D×H×W");
        return inputs[0];
    }

    /// <inheritdoc />
    protected override long CountParametersCore(BatchNormSettings settings, IReadOnlyList<TensorShape> inputs) => 2L * inputs[0][0];

    /// <inheritdoc />
    protected override ComponentModule BuildCore(BatchNormSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        long channels = inputs[0][0];
        nn.Module<Tensor, Tensor> layer = Dimensions(inputs[0]) switch
        {
            1 => nn.BatchNorm1d(channels, settings.Epsilon, settings.Momentum),
            2 => nn.BatchNorm2d(channels, settings.Epsilon, settings.Momentum),
            _ => nn.BatchNorm3d(channels, settings.Epsilon, settings.Momentum),
        };
        return new LayerModule(Name, layer);
    }

    /// <summary>BatchNorm1d, 2d or 3d for a per-sample shape: (C) and (C, L) are 1d, (C, H, W) 2d, the rest 3d.</summary>
    internal static int Dimensions(TensorShape input) => input.Rank switch { 1 or 2 => 1, 3 => 2, _ => 3 };
}
