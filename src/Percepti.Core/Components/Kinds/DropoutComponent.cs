using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Randomly zeroes values during training to reduce overfitting.</summary>
internal sealed class DropoutComponent() : ComponentKind<DropoutSettings>(new DropoutSettings(0.5))
{
    /// <inheritdoc />
    public override string Name => "Dropout";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "During training, sets a random fraction of values to zero (and scales the rest); does nothing at inference.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Number<DropoutSettings>("rate", "Rate", "The fraction of values dropped during training.", s => s.Rate, (s, v) => s with { Rate = v }, 0, 0.99),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(DropoutSettings settings, IReadOnlyList<TensorShape> inputs) => inputs[0];

    /// <inheritdoc />
    protected override ComponentModule BuildCore(DropoutSettings settings, IReadOnlyList<TensorShape> inputs) =>
        new DropoutModule(settings.Rate);
}
