using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of an Activation component.</summary>
/// <param name="Function">The activation function.</param>
/// <param name="NegativeSlope">For LeakyReLU: the slope below zero.</param>
public sealed record ActivationSettings(Activation Function, double NegativeSlope) : ComponentSettings;
