using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Rescale component, which resizes C×H×W images.</summary>
/// <param name="Height">The output height in pixels.</param>
/// <param name="Width">The output width in pixels.</param>
/// <param name="Mode">The interpolation.</param>
public sealed record RescaleSettings(int Height, int Width, ResizeMode Mode) : ComponentSettings;
