using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>
/// A computed output as the preview engine shows it: up to date, with its statistics and its visual (downsampled to
/// <see cref="PreviewOptions.MaxVisualPoints"/>). The preview engine and the training run's component visuals build
/// their previews here, so both draw the same thing.
/// </summary>
internal static class OutputPreview
{
    public static ComponentPreview Of(NodeId id, long version, ComponentKind kind, ComponentSettings settings, TensorShape shape, float[] values, long parameterCount, IReadOnlyList<WeightStatistics> weights, PreviewOptions options)
    {
        var visual = PreviewVisualBuilder.Build(kind.GetPreviewVisual(settings, shape), values, shape, options.MaxVisualPoints, options.MaxFeatureMaps);
        return new ComponentPreview(id, version, PreviewStatus.UpToDate, shape, TensorStatistics.Of(values), parameterCount, weights, visual, TimeSpan.Zero);
    }
}
