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

    /// <summary>A regression graph in which a Scale component (node <c>double-it</c>) feeds a Dense layer.</summary>
    public static ModelGraph ExampleGraph()
    {
        var catalog = ComponentCatalog.CreateDefault();
        catalog.Register(new ScaleComponent());
        return ModelGraph.Create("custom", g =>
        {
            var x = g.Input("x", TensorShape.Of(4));
            g.Regression(g.Component("Scale", new ScaleSettings(2), [x], "double-it").Dense(1), g.Target("y", TensorShape.Of(1)));
        }, catalog);
    }

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
