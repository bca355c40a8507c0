using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>A fully connected layer applied to the last axis.</summary>
internal sealed class DenseComponent() : ComponentKind<DenseSettings>(new DenseSettings(64, Activation.None, true))
{
    /// <inheritdoc />
    public override string Name => "Dense";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "A fully connected layer: every output feature is a weighted sum of all input features (along the last axis).";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<DenseSettings>("units", "Units", "The number of output features.", s => s.Units, (s, v) => s with { Units = v }, 1, 1_048_576),
        SettingDescriptor.Choice<DenseSettings, Activation>("activation", "Activation", "Applied to the output.", s => s.Activation, (s, v) => s with { Activation = v }),
        SettingDescriptor.Boolean<DenseSettings>("useBias", "Use bias", "Whether a learned bias is added.", s => s.UseBias, (s, v) => s with { UseBias = v }),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(DenseSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ShapeRules.RequireRank(Name, inputs[0], 1, 8, expected: "at least one axis (features last)");
        return inputs[0].With(-1, settings.Units);
    }

    /// <inheritdoc />
    protected override long CountParametersCore(DenseSettings settings, IReadOnlyList<TensorShape> inputs) =>
        ((long)inputs[0][-1] * settings.Units) + (settings.UseBias ? settings.Units : 0);

    /// <inheritdoc />
    protected override ComponentModule BuildCore(DenseSettings settings, IReadOnlyList<TensorShape> inputs) =>
        new LayerModule(Name, nn.Linear(inputs[0][-1], settings.Units, hasBias: settings.UseBias), ActivationLayers.Create(settings.Activation));
}
