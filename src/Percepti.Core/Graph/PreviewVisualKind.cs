namespace Percepti.Core.Graph;

/// <summary>How a component's output is drawn in a preview.</summary>
public enum PreviewVisualKind
{
    /// <summary>Nothing to draw.</summary>
    None,

    /// <summary>A single number.</summary>
    Scalar,

    /// <summary>A bar chart (short vectors, class scores).</summary>
    Bar,

    /// <summary>A line chart (long vectors, sequences).</summary>
    Line,

    /// <summary>A one-channel image.</summary>
    GrayscaleImage,

    /// <summary>A three-channel image.</summary>
    RgbImage,

    /// <summary>A grid of per-channel images (C×H×W with C other than 1 or 3).</summary>
    FeatureMaps,

    /// <summary>A matrix drawn as colours.</summary>
    Heatmap,
}
