namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Merge component.</summary>
/// <param name="Operation">How the inputs are combined.</param>
/// <param name="Inputs">How many inputs (ports input1 … inputN).</param>
/// <param name="Axis">For concatenation: the per-sample axis to join along (0 = channels or features; negative counts from the end).</param>
public sealed record MergeSettings(MergeOperation Operation, int Inputs, int Axis) : ComponentSettings;
