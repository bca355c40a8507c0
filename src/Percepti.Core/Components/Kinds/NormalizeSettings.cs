using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Normalize component.</summary>
/// <param name="Mode">How each sample is rescaled.</param>
/// <param name="Mean">For <see cref="NormalizeMode.Fixed"/>: the value subtracted.</param>
/// <param name="StandardDeviation">For <see cref="NormalizeMode.Fixed"/>: the divisor.</param>
public sealed record NormalizeSettings(NormalizeMode Mode, double Mean, double StandardDeviation) : ComponentSettings;
