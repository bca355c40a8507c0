using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Normalizes each sample over its trailing axes, with learned scale and shift.</summary>
internal sealed class LayerNormComponent() : ComponentKind<LayerNormSettings>(new LayerNormSettings(0, 1e-5))
{
    /// <inheritdoc />
    public override string Name => "LayerNorm";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "Normalizes each sample over its last axes (all by default) to zero mean and unit variance, then scales and shifts.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<LayerNormSettings>("axes", "Axes", "How many trailing axes to normalize over; 0 = all.", s => s.Axes, (s, v) => s with { Axes = v }, 0, 8),
        SettingDescriptor.Number<LayerNormSettings>("epsilon", "Epsilon", "Added to the variance for stability.", s => s.Epsilon, (s, v) => s with { Epsilon = v }, 1e-12, 1),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(LayerNormSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ShapeRules.RequireRank(Name, inputs[0], Math.Max(1, settings.Axes), 8, expected: $"at least {Math.Max(1, settings.Axes)} axes");
        return inputs[0];
    }

    /// <inheritdoc />
    protected override long CountParametersCore(LayerNormSettings settings, IReadOnlyList<TensorShape> inputs) =>
        2 * NormalizedShape(settings, inputs[0]).Aggregate(1L, (a, b) => checked(a * b));

    /// <inheritdoc />
    protected override ComponentModule BuildCore(LayerNormSettings settings, IReadOnlyList<TensorShape> inputs) =>
        new LayerModule(Name, nn.LayerNorm(NormalizedShape(settings, inputs[0]), settings.Epsilon));

    internal static long[] NormalizedShape(LayerNormSettings settings, TensorShape input)
    {
        int axes = settings.Axes == 0 ? input.Rank : settings.Axes;
        return [.. input.Skip(input.Rank - axes).Select(d => (long)d)];
    }
}
