using Percepti.Core.Components;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Tests;

/// <summary>Settings of the test's custom component.</summary>
public sealed record ScaleSettings(double Factor) : ComponentSettings;

/// <summary>A custom component kind, as an application would register one.</summary>
public sealed class ScaleComponent() : ComponentKind<ScaleSettings>(new ScaleSettings(1))
{
    public override string Name => "Scale";

    public override ComponentCategory Category => ComponentCategory.Custom;

    public override string Description => "Multiplies by a constant.";

    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Number<ScaleSettings>("factor", "Factor", "The multiplier.", s => s.Factor, (s, v) => s with { Factor = v }, -100, 100),
    ];

    protected override TensorShape InferOutputShapeCore(ScaleSettings settings, IReadOnlyList<TensorShape> inputs) => inputs[0];

    protected override ComponentModule BuildCore(ScaleSettings settings, IReadOnlyList<TensorShape> inputs) => new ScaleModule(settings.Factor);

    private sealed class ScaleModule(double factor) : ComponentModule("Scale")
    {
        public override Tensor forward(IReadOnlyList<Tensor> input) => input[0] * factor;
    }
}
