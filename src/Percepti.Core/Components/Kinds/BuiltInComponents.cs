using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>The first catalog, in palette order.</summary>
internal static class BuiltInComponents
{
    public static IEnumerable<ComponentKind> All() =>
    [
        new InputComponent(),
        new TargetComponent(),
        new ReshapeComponent(),
        new PermuteComponent(),
        new FlattenComponent(),
        new RescaleComponent(),
        new GrayscaleComponent(),
        new OneHotComponent(),
        new NormalizeComponent(),
        new DenseComponent(),
        new ConvolutionComponent(),
        new PoolingComponent(),
        new ActivationComponent(),
        new DropoutComponent(),
        new BatchNormComponent(),
        new LayerNormComponent(),
        new RecurrentComponent(),
        new EmbeddingComponent(),
        new MergeComponent(),
        new ArgmaxComponent(),
        new ClassificationComponent(),
        new RegressionComponent(),
    ];
}
