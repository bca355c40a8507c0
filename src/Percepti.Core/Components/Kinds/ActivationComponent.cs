using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Applies an activation function element-wise.</summary>
internal sealed class ActivationComponent() : ComponentKind<ActivationSettings>(new ActivationSettings(Activation.ReLU, ActivationLayers.DefaultSlope))
{
    /// <inheritdoc />
    public override string Name => "Activation";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "Applies an activation function: ReLU, LeakyReLU, GELU, Sigmoid, Tanh, Softmax or SiLU.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Choice<ActivationSettings, Activation>("function", "Function", "The activation function.", s => s.Function, (s, v) => s with { Function = v }),
        SettingDescriptor.Number<ActivationSettings>("negativeSlope", "Negative slope", "For LeakyReLU: the slope below zero.", s => s.NegativeSlope, (s, v) => s with { NegativeSlope = v }, 0, 1),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(ActivationSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        if (settings.Function == Activation.Softmax)
        {
            ShapeRules.RequireRank(Name, inputs[0], 1, 8, expected: "at least one axis for Softmax");
        }

        return inputs[0];
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(ActivationSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var layer = ActivationLayers.Create(settings.Function, settings.NegativeSlope);
        return layer is null ? FunctionModule.Unary(Name, x => x) : new LayerModule(Name, layer);
    }
}
