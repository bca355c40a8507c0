using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Turns each sample into a vector.</summary>
internal sealed class FlattenComponent() : ComponentKind<FlattenSettings>(new FlattenSettings())
{
    /// <inheritdoc />
    public override string Name => "Flatten";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Processing;

    /// <inheritdoc />
    public override string Description => "Turns each sample into one long vector, e.g. 64×5×5 into 1600.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() => [];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(FlattenSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        // A per-sample scalar has no axis to flatten (libtorch refuses flatten(1) of a [batch] tensor).
        ShapeRules.RequireRank(Name, inputs[0], 1, int.MaxValue, expected: "at least one axis (a scalar is already a single value)");
        return TensorShape.Of(checked((int)inputs[0].ElementCount));
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(FlattenSettings settings, IReadOnlyList<TensorShape> inputs) =>
        FunctionModule.Unary(Name, x => x.flatten(1));
}
