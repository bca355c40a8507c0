using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Dense (fully connected) component, applied to the last axis.</summary>
/// <param name="Units">The number of output features.</param>
/// <param name="Activation">The activation applied to the output.</param>
/// <param name="UseBias">Whether a bias is added.</param>
public sealed record DenseSettings(int Units, Activation Activation, bool UseBias) : ComponentSettings;
