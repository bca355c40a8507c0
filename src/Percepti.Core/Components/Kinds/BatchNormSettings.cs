using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a BatchNorm component (normalizes each channel over the batch).</summary>
/// <param name="Momentum">How fast the running statistics follow the batches.</param>
/// <param name="Epsilon">Added to the variance for stability.</param>
public sealed record BatchNormSettings(double Momentum, double Epsilon) : ComponentSettings;
