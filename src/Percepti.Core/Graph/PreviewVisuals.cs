
namespace Percepti.Core.Graph;

/// <summary>Chooses a preview visual from an output shape.</summary>
public static class PreviewVisuals
{
    /// <summary>Bar charts above this length become line charts.</summary>
    public const int MaxBars = 32;

    /// <summary>The visual that best shows a value of the given per-sample shape.</summary>
    /// <param name="shape">The per-sample shape.</param>
    /// <returns>The visual kind.</returns>
    public static PreviewVisualKind ForShape(TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.Rank switch
        {
            0 => PreviewVisualKind.Scalar,
            1 => shape[0] <= MaxBars ? PreviewVisualKind.Bar : PreviewVisualKind.Line,
            2 => PreviewVisualKind.Heatmap,
            3 when shape[0] == 1 => PreviewVisualKind.GrayscaleImage,
            3 when shape[0] == 3 => PreviewVisualKind.RgbImage,
            _ => PreviewVisualKind.FeatureMaps,
        };
    }
}
