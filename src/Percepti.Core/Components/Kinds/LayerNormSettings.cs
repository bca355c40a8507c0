using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a LayerNorm component (normalizes each sample).</summary>
/// <param name="Axes">How many trailing axes to normalize over; 0 means all per-sample axes.</param>
/// <param name="Epsilon">Added to the variance for stability.</param>
public sealed record LayerNormSettings(int Axes, double Epsilon) : ComponentSettings;
