using System.ComponentModel.DataAnnotations;

namespace Percepti.Core.Data;

/// <summary>How one column is prepared before it reaches the model, applied in this order: color, resize, augmentation (training only), normalization; one-hot for classes.</summary>
public sealed record ColumnPreprocessing
{
    /// <summary>Rescaling with statistics from the training split only.</summary>
    public NormalizationMode Normalization { get; init; } = NormalizationMode.None;

    /// <summary>For images: the channels to convert to.</summary>
    public ColorMode Color { get; init; } = ColorMode.Keep;

    /// <summary>For images: the height to resize to (bilinear), or null to keep it.</summary>
    [Range(1, 16_384)]
    public int? ResizeHeight { get; init; }

    /// <summary>For images: the width to resize to (bilinear), or null to keep it.</summary>
    [Range(1, 16_384)]
    public int? ResizeWidth { get; init; }

    /// <summary>For categorical and binary columns: deliver one-hot vectors instead of class indices.</summary>
    public bool OneHot { get; init; }
}
