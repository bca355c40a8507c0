using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of an Input component.</summary>
/// <param name="Shape">The shape of one sample, channels first, without the batch dimension.</param>
public sealed record InputSettings(TensorShape Shape) : ComponentSettings;
