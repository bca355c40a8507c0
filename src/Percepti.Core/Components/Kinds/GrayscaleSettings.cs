using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Grayscale component (it has none).</summary>
public sealed record GrayscaleSettings : ComponentSettings;
