namespace Percepti.Core.Components.Kinds;

/// <summary>How Rescale interpolates.</summary>
public enum ResizeMode
{
    /// <summary>Nearest neighbour.</summary>
    Nearest,

    /// <summary>Bilinear interpolation.</summary>
    Bilinear,
}
