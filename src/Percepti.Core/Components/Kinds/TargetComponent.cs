using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Where the expected answer enters the graph: class labels or regression values.</summary>
internal sealed class TargetComponent() : ComponentKind<TargetSettings>(new TargetSettings(10, TensorShape.Of(1)))
{
    /// <inheritdoc />
    public override string Name => "Target";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Data;

    /// <inheritdoc />
    public override string Description => "Feeds the expected answer: class labels (as class probabilities) or regression values.";

    /// <inheritdoc />
    public override bool IsSource => true;

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<TargetSettings>("classes", "Classes", "Number of classes for classification; 0 for regression values.", s => s.Classes, (s, v) => s with { Classes = v }, 0, 1_000_000),
        SettingDescriptor.IntegerList<TargetSettings>("shape", "Shape", "For regression: the shape of one target value.", s => s.Shape, (s, v) => s with { Shape = TensorShape.Of(v) }, 0, 8, 1, int.MaxValue),
    ];

    /// <inheritdoc />
    protected override IEnumerable<SettingError> ValidateCore(TargetSettings settings)
    {
        if (settings.Classes == 1)
        {
            yield return new SettingError("classes", "Classes must be at least 2 for classification (or 0 for regression)");
        }
    }

    /// <inheritdoc />
    protected override IReadOnlyList<PortDefinition> InputPortsCore(TargetSettings settings) => [];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(TargetSettings settings, IReadOnlyList<TensorShape> inputs) =>
        settings.Classes > 0 ? TensorShape.Of(settings.Classes) : settings.Shape;

    /// <inheritdoc />
    protected override ComponentModule BuildCore(TargetSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        int classes = settings.Classes;
        return new FunctionModule(Name, values =>
        {
            var value = values.Count > 0 ? values[0] : throw new ArgumentException("Target needs the sample's value.", nameof(values));

            // Class indices (batch of integers) become one-hot probabilities; probabilities pass through.
            if (classes > 0 && value.dim() == 1)
            {
                return nn.functional.one_hot(value.to(ScalarType.Int64), classes).to(ScalarType.Float32);
            }

            return value;
        });
    }
}
