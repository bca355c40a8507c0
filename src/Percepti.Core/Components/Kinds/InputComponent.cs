using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Where one named input of the dataset enters the graph.</summary>
internal sealed class InputComponent() : ComponentKind<InputSettings>(new InputSettings(TensorShape.Of(1, 28, 28)))
{
    /// <inheritdoc />
    public override string Name => "Input";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Data;

    /// <inheritdoc />
    public override string Description => "Feeds one column of the dataset (an image, a vector, a sequence) into the model.";

    /// <inheritdoc />
    public override bool IsSource => true;

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.IntegerList<InputSettings>("shape", "Shape", "The shape of one sample, channels first, without the batch dimension.", s => s.Shape, (s, v) => s with { Shape = TensorShape.Of(v) }, 0, 8, 1, int.MaxValue),
    ];

    /// <inheritdoc />
    protected override IReadOnlyList<PortDefinition> InputPortsCore(InputSettings settings) => [];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(InputSettings settings, IReadOnlyList<TensorShape> inputs) => settings.Shape;

    /// <inheritdoc />
    protected override ComponentModule BuildCore(InputSettings settings, IReadOnlyList<TensorShape> inputs) =>
        new FunctionModule(Name, values => values.Count > 0 ? values[0] : throw new ArgumentException("Input needs the sample's value.", nameof(values)));
}
