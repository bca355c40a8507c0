using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of an Argmax component.</summary>
/// <param name="Axis">The per-sample axis reduced to the index of its largest value (negative counts from the end).</param>
public sealed record ArgmaxSettings(int Axis) : ComponentSettings;
