using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Turns class indices into one-hot vectors.</summary>
internal sealed class OneHotComponent() : ComponentKind<OneHotSettings>(new OneHotSettings(10))
{
    /// <inheritdoc />
    public override string Name => "OneHot";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Processing;

    /// <inheritdoc />
    public override string Description => "Turns integer class indices into one-hot vectors (a new last axis of length Classes).";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<OneHotSettings>("classes", "Classes", "The number of classes.", s => s.Classes, (s, v) => s with { Classes = v }, 2, 1_000_000),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(OneHotSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ShapeRules.RequireRank(Name, inputs[0], 0, 7);
        return TensorShape.Of([.. inputs[0], settings.Classes]);
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(OneHotSettings settings, IReadOnlyList<TensorShape> inputs) =>
        FunctionModule.Unary(Name, x => nn.functional.one_hot(x.to(ScalarType.Int64), settings.Classes).to(ScalarType.Float32));
}
