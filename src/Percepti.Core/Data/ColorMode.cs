namespace Percepti.Core.Data;

/// <summary>The channels an image column is converted to.</summary>
public enum ColorMode
{
    /// <summary>Keep the channels as they are.</summary>
    Keep,

    /// <summary>One luminance channel.</summary>
    Grayscale,

    /// <summary>Three channels (gray is repeated).</summary>
    Rgb,
}
