using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Replaces an axis by the index of its largest value.</summary>
internal sealed class ArgmaxComponent() : ComponentKind<ArgmaxSettings>(new ArgmaxSettings(0))
{
    /// <inheritdoc />
    public override string Name => "Argmax";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Operations;

    /// <inheritdoc />
    public override string Description => "Replaces an axis by the index of its largest value (as a number), e.g. class scores into the predicted class.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<ArgmaxSettings>("axis", "Axis", "The per-sample axis to reduce; negative counts from the end.", s => s.Axis, (s, v) => s with { Axis = v }, -8, 7),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(ArgmaxSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ShapeRules.RequireRank(Name, inputs[0], 1, 8, expected: "at least one axis");
        int axis = ShapeRules.NormalizeAxis(Name, settings.Axis, inputs[0].Rank);
        return TensorShape.Of(inputs[0].Where((_, i) => i != axis));
    }

    /// <inheritdoc />
    protected override PreviewVisualKind PreviewVisualCore(ArgmaxSettings settings, TensorShape output) =>
        output.Rank == 0 ? PreviewVisualKind.Scalar : PreviewVisualKind.Heatmap;

    /// <inheritdoc />
    protected override ComponentModule BuildCore(ArgmaxSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        int axis = ShapeRules.NormalizeAxis(Name, settings.Axis, inputs[0].Rank) + 1;

        // Float output keeps every value in the graph one dtype.
        return FunctionModule.Unary(Name, x => x.argmax(axis).to(ScalarType.Float32));
    }
}
